import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_SPECS } from '../../api-spec';
import { API_PATH, createApp } from '../api/app';
import { serviceCommands } from '../api/commands';
import { ReadinessCheck } from '../api/readiness';
import { buildPassThrough, PassThrough } from '../api/pass-through';
import { ApiSpecRegistry } from '../api/spec-registry';
import { Authenticator } from '../auth/authenticator';
import { CachingDirectory } from '../auth/caching-directory';
import { ManagementServerDirectory } from '../auth/management-server-directory';
import { buildContext, closeContext, ContextOptions } from './build-context';
import { ServiceContext } from './service-context';

/**
 * CloudMonkey sends every command as a GET unless it carries a password or user data, so
 * `cmk create stack templatebody=@file` puts a template of up to 51,200 bytes, percent-encoded
 * (up to three times longer), in the request line. Node's default limit of 16 KiB would refuse it.
 */
const MAX_REQUEST_HEAD_BYTES = 256 * 1024;

export interface ServiceOptions extends ContextOptions {
  /** Also run job workers in this process (csf serve); false for an API-only process. */
  runWorkers: boolean;
  host?: string;
  credentialCacheTtlMs?: number;
}

export interface RunningService {
  /** http://host:port/client/api */
  url: string;
  port: number;
  context: ServiceContext;
  stop(): Promise<void>;
}

function readinessChecks(context: ServiceContext): ReadinessCheck[] {
  return [
    { name: 'database', check: async () => void (await context.dataSource.query('SELECT 1')) },
    { name: 'queue', check: () => context.jobSystem.queue.ping() },
    { name: 'managementServer', check: async () => void (await context.adminClient.request('listCapabilities')) },
  ];
}

/** Builds the whole service and listens: the API, and the workers when asked. */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const context = await buildContext(options);
  const extensions = options.extensions ?? [];
  const specs = new ApiSpecRegistry([...API_SPECS, ...extensions.flatMap((e) => e.specs)]);
  const directory = new CachingDirectory(new ManagementServerDirectory(context.adminClient), options.credentialCacheTtlMs ?? 30_000);
  let passThrough: PassThrough | undefined;
  try {
    passThrough = await buildPassThrough({ settings: options.config.passThrough, managementServer: options.managementServer, admin: context.adminClient, directory, specs });
  } catch (error) {
    await closeContext(context);
    throw error;
  }
  const app = createApp({
    passThrough,
    authenticator: new Authenticator(directory, options.logger.child({ component: 'auth' })),
    specs,
    commands: [...serviceCommands({ specs, jobs: context.jobSystem.jobs }), ...extensions.flatMap((e) => e.commands(context))],
    logger: options.logger.child({ component: 'api' }),
    readiness: readinessChecks(context),
    extraRoutes: (router) => extensions.forEach((e) => e.routes?.(router, context)),
    surfaces: extensions.flatMap((e) => e.surfaces?.(context, { directory }) ?? []),
  });
  const host = options.host ?? '0.0.0.0';
  let server: Server;
  try {
    server = await new Promise((resolve, reject) => {
      const s = createServer({ maxHeaderSize: MAX_REQUEST_HEAD_BYTES }, app.callback());
      s.listen(options.config.port, host, () => resolve(s));
      s.once('error', reject);
    });
  } catch (error) {
    await closeContext(context);
    throw error;
  }
  if (options.runWorkers) context.jobSystem.startWorkers();
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${port}${API_PATH}`;
  for (const extension of extensions) extension.listening?.(url);
  return {
    url,
    port,
    context,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeContext(context);
    },
  };
}
