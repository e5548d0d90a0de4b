import { ConfigError, Env, loadConfig, requirePublicUrl } from '../config';
import { createLogger } from '../logging/logger';
import { buildContext, closeContext } from '../runtime/build-context';
import { startMetricsServer } from '../metrics/metrics-server';
import { defaultExtensions } from '../runtime/extensions';
import { waitForShutdown } from './wait-for-shutdown';

/**
 * `csf worker`: runs jobs only. It must reach the same management server as the API processes,
 * so unlike `csf serve` it cannot start a simulator of its own.
 */
export async function runWorkerCommand(env: Env): Promise<void> {
  const config = loadConfig(env);
  if (!config.managementServer) throw new ConfigError('CLOUDSTACK_URL', 'is required for csf worker (it cannot share serve\'s built-in simulator)');
  requirePublicUrl(config);
  const logger = createLogger({ level: config.logLevel });
  const context = await buildContext({
    config,
    managementServer: config.managementServer,
    logger,
    leaseTiming: config.leaseTiming,
    reconcileIntervalMs: config.reconcileIntervalMs,
    extensions: defaultExtensions(),
  });
  context.jobSystem.startWorkers();
  const metrics = config.metricsPort === undefined ? undefined : await startMetricsServer({ port: config.metricsPort, dataSource: context.dataSource, queue: context.jobSystem.queue, token: config.metricsToken });
  if (metrics) logger.info({ url: metrics.url }, 'serving metrics');
  // The owner is what this process writes into WorkerLease rows: operators (and the crash tests)
  // map a lease back to its process by it.
  logger.info({ queue: context.jobSystem.queue.mode, concurrency: config.workerConcurrency, owner: context.jobSystem.executor.owner, leaseTiming: config.leaseTiming, reconcileIntervalMs: config.reconcileIntervalMs }, 'worker started');
  await waitForShutdown();
  logger.info('shutting down');
  await metrics?.stop();
  await closeContext(context);
}
