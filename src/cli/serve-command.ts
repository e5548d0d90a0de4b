import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Config, Env, loadConfig, ManagementServerSettings, requirePublicUrl } from '../config';
import { createLogger, Logger } from '../logging/logger';
import { defaultExtensions } from '../runtime/extensions';
import { RunningService, startService } from '../runtime/start-service';
import { startSimulator, type RunningSimulator } from '../simulator';
import { applyDeployLatency, SimulatorLatency, simulatorLatencyFromEnv } from './simulator-latency';
import { waitForShutdown } from './wait-for-shutdown';

export interface RunningServe {
  service: RunningService;
  simulator?: RunningSimulator;
  credentialsPath?: string;
  stop(): Promise<void>;
}

async function startEmbeddedSimulator(config: Config, latency: SimulatorLatency): Promise<RunningSimulator> {
  // PORT+1 when it is free, so the simulator's address is predictable; any free port otherwise.
  const preferred = config.port === 0 || config.port === 65535 ? 0 : config.port + 1;
  const options = { dataDir: config.dataDir, writeCredentials: false, jobLatencyMs: latency.jobLatencyMs };
  let simulator: RunningSimulator;
  try {
    simulator = await startSimulator({ ...options, port: preferred });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    simulator = await startSimulator({ ...options, port: 0 });
  }
  applyDeployLatency(simulator, latency);
  return simulator;
}

function adminOf(simulator: RunningSimulator): ManagementServerSettings {
  const admin = simulator.credentials.users.find((u) => u.role === 'Admin');
  if (!admin) throw new Error('the simulator seeded no root admin');
  return { url: simulator.url, apiKey: admin.apikey, secretKey: admin.secretkey };
}

/** The simulator's credentials plus where the service answers: everything a cmk user needs. */
async function writeServiceCredentials(dataDir: string, simulator: RunningSimulator, serviceUrl: string): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, 'credentials.json');
  await writeFile(path, `${JSON.stringify({ ...simulator.credentials, service: serviceUrl }, null, 2)}\n`, { mode: 0o600 });
  return path;
}

/**
 * `csf serve`: the API and the workers in one process (and the simulator without CLOUDSTACK_URL).
 * With CSF_RUN_WORKERS=false it answers the API only, for deployments that scale the API and
 * `csf worker` processes separately.
 */
export async function startServe(config: Config, logger: Logger, latency: SimulatorLatency = {}): Promise<RunningServe> {
  const simulator = config.managementServer ? undefined : await startEmbeddedSimulator(config, latency);
  const managementServer = config.managementServer ?? adminOf(simulator as RunningSimulator);
  let service: RunningService;
  try {
    service = await startService({
      config,
      managementServer,
      logger,
      runWorkers: config.runWorkers,
      leaseTiming: config.leaseTiming,
      reconcileIntervalMs: config.reconcileIntervalMs,
      extensions: defaultExtensions(),
    });
  } catch (error) {
    await simulator?.stop();
    throw error;
  }
  let credentialsPath: string | undefined;
  if (simulator) {
    credentialsPath = await writeServiceCredentials(config.dataDir, simulator, service.url);
    logger.info({ simulator: simulator.url, credentials: credentialsPath }, `CLOUDSTACK_URL is unset: started the built-in simulator at ${simulator.url}; credentials for it and the service written to ${credentialsPath}`);
  }
  logger.info({ url: service.url, queue: service.context.jobSystem.queue.mode, database: config.database.type, workers: config.runWorkers }, `serving the CloudStack API at ${service.url}${config.runWorkers ? '' : ' (API only: jobs run in csf worker processes)'}`);
  return {
    service,
    simulator,
    credentialsPath,
    async stop() {
      await service.stop();
      await simulator?.stop();
    },
  };
}

export async function runServeCommand(env: Env): Promise<void> {
  const config = loadConfig(env);
  requirePublicUrl(config);
  const logger = createLogger({ level: config.logLevel });
  const running = await startServe(config, logger, simulatorLatencyFromEnv(env));
  await waitForShutdown();
  logger.info('shutting down');
  await running.stop();
}
