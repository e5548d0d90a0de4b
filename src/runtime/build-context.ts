import { createDataSource, runMigrations } from '../../entities';
import { JobHandlerRegistry, JobSystem, LeaseTiming } from '../../jobs';
import { CloudStackClient } from '../client';
import { Config, ManagementServerSettings } from '../config';
import type { Logger } from '../logging/logger';
import { ServiceContext } from './service-context';
import { ServiceExtension } from './service-extension';

export interface ContextOptions {
  config: Config;
  managementServer: ManagementServerSettings;
  logger: Logger;
  extensions?: ServiceExtension[];
  leaseTiming?: LeaseTiming;
  reconcileIntervalMs?: number;
}

/** Opens the database (migrating it), the management-server client and the job system. */
export async function buildContext(options: ContextOptions): Promise<ServiceContext> {
  const { config, logger } = options;
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    const jobHandlers = new JobHandlerRegistry();
    const adminClient = new CloudStackClient(options.managementServer);
    const jobSystem = new JobSystem({
      dataSource,
      registry: jobHandlers,
      logger,
      redisUrl: config.redisUrl,
      queuePrefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      leaseTiming: options.leaseTiming,
      reconcileIntervalMs: options.reconcileIntervalMs,
    });
    const context: ServiceContext = { config, logger, dataSource, adminClient, managementServer: options.managementServer, jobSystem, jobHandlers };
    for (const extension of options.extensions ?? []) extension.registerJobHandlers(jobHandlers, context);
    return context;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

export async function closeContext(context: ServiceContext): Promise<void> {
  await context.jobSystem.close();
  context.adminClient.close();
  if (context.dataSource.isInitialized) await context.dataSource.destroy();
}
