import pino from 'pino';
import { BullMqQueue } from '../../../jobs/bullmq-queue';
import { InProcessQueue } from '../../../jobs/in-process-queue';
import { deletePrefixKeys, freshQueuePrefix, TEST_REDIS_URL } from '../../support/redis';

const logger = pino({ level: 'silent' });

/** What csf_queue_jobs reports: the queue's own count of entries waiting and being worked on. */
describe('job queue counts (for csf_queue_jobs)', () => {
  it('BullMQ counts the entries no worker has taken, across processes, in Redis', async () => {
    const prefix = freshQueuePrefix();
    const queue = new BullMqQueue({ redisUrl: TEST_REDIS_URL, prefix, concurrency: 1, logger });
    try {
      expect(await queue.counts()).toEqual({ waiting: 0, active: 0 });
      await queue.enqueue('job-a');
      await queue.enqueue('job-b');
      expect(await queue.counts()).toEqual({ waiting: 2, active: 0 });
    } finally {
      await queue.close();
      await deletePrefixKeys(prefix);
    }
  });

  it('the in-process runner counts its waiting and running entries', async () => {
    const queue = new InProcessQueue(1, logger);
    await queue.enqueue('job-a');
    await queue.enqueue('job-b');
    expect(await queue.counts()).toEqual({ waiting: 2, active: 0 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    queue.startWorking(() => held);
    expect(await queue.counts()).toEqual({ waiting: 1, active: 1 });
    release();
    await queue.close();
  });
});
