import { CredentialDirectory } from '../../auth/credential-directory';
import { AdminApi } from '../../auth/management-server-directory';
import { ManagementServerSettings, PassThroughSettings } from '../../config';
import { ApiSpecRegistry } from '../spec-registry';
import { ManagementServerForwarder } from './forwarder';
import { PassThrough } from './pass-through';
import { ManagementServerSessions } from './session-callers';
import { checkNoShadowing } from './shadowing-check';

/**
 * The pass-through when CSF_PASS_THROUGH is on (undefined when off), after the shadowing check:
 * a clash, or a management server that cannot be asked, stops the start with the reason.
 */
export async function buildPassThrough(options: {
  settings: PassThroughSettings;
  managementServer: ManagementServerSettings;
  admin: AdminApi;
  directory: CredentialDirectory;
  specs: ApiSpecRegistry;
}): Promise<PassThrough | undefined> {
  const { settings } = options;
  if (!settings.enabled) return undefined;
  try {
    await checkNoShadowing(options.admin, options.specs);
  } catch (error) {
    if (error instanceof Error && error.name === 'ShadowingError') throw error;
    throw new Error(`CSF_PASS_THROUGH: could not read the management server's listApis to check that no command is hidden (${(error as Error).message})`, { cause: error });
  }
  const forwarder = new ManagementServerForwarder(options.managementServer.url, settings.timeoutMs);
  return new PassThrough({
    forwarder,
    sessions: new ManagementServerSessions(forwarder, options.admin, settings.sessionCacheTtlMs),
    directory: options.directory,
    maxBodyBytes: settings.maxBodyBytes,
  });
}
