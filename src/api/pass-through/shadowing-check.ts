import { AdminApi } from '../../auth/management-server-directory';
import { ApiSpecRegistry } from '../spec-registry';

/** Commands the service answers for both itself and the management server (it merges their answers). */
export const SHARED_COMMANDS = new Set(['listApis', 'listAsyncJobs', 'queryAsyncJobResult']);

export class ShadowingError extends Error {
  constructor(readonly names: string[]) {
    super(
      `the management server already has ${names.length === 1 ? 'a command' : 'commands'} named ${names.join(', ')}: ` +
        'through one endpoint the service would answer ' + (names.length === 1 ? 'it' : 'them') + ' in its place. ' +
        'Set CSF_PASS_THROUGH=false to keep the service on an endpoint of its own',
    );
    this.name = 'ShadowingError';
  }
}

/**
 * At start, with pass-through on: no command of the service may hide one of the management
 * server's (a plugin installed there later, a newer CloudStack). The root admin's listApis names
 * every command the management server has.
 */
export async function checkNoShadowing(admin: AdminApi, specs: ApiSpecRegistry): Promise<void> {
  const answer = await admin.request<{ api?: Array<{ name: string }> }>('listApis');
  const theirs = new Set((answer.api ?? []).map((api) => api.name));
  const clashes = specs.all().map((spec) => spec.name).filter((name) => theirs.has(name) && !SHARED_COMMANDS.has(name)).sort();
  if (clashes.length > 0) throw new ShadowingError(clashes);
}
