/**
 * A worker process for the job-system tests: runs `test.block` jobs, which announce themselves
 * with a file and then never finish, so the test can kill this process mid-job.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from '../../../../entities/data-source';
import { JobHandlerRegistry, JobSystem } from '../../../../jobs';
import { parseDatabaseUrl } from '../../../../src/config/database-url';
import { createLogger } from '../../../../src/logging/logger';

async function main(): Promise<void> {
  const signalDir = process.env.SIGNAL_DIR as string;
  const dataSource = createDataSource(parseDatabaseUrl(process.env.DATABASE_URL, signalDir));
  await dataSource.initialize();
  const registry = new JobHandlerRegistry().register('test.block', async (job) => {
    writeFileSync(join(signalDir, `${job.id}.started`), String(process.pid));
    await new Promise(() => undefined);
    return {};
  });
  const system = new JobSystem({
    dataSource,
    registry,
    logger: createLogger({ level: 'silent' }),
    redisUrl: process.env.REDIS_URL || undefined,
    queuePrefix: process.env.CSF_QUEUE_PREFIX as string,
    concurrency: 2,
    leaseTiming: { ttlMs: 2_000, heartbeatMs: 500 },
    reconcileIntervalMs: 500,
  });
  system.startWorkers();
}

void main();
