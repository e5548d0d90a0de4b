import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';

export type TestQueueKind = 'bullmq' | 'inprocess';

export const TEST_REDIS_URL = process.env.CSF_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** CSF_TEST_QUEUE=bullmq|inprocess picks the job queue of the integration tests; BullMQ by default. */
export function testQueueKind(): TestQueueKind {
  const kind = process.env.CSF_TEST_QUEUE ?? 'bullmq';
  if (kind !== 'bullmq' && kind !== 'inprocess') throw new Error(`CSF_TEST_QUEUE must be bullmq or inprocess, got ${kind}`);
  return kind;
}

export function freshQueuePrefix(): string {
  return `csf_t_${randomBytes(6).toString('hex')}`;
}

/** Deletes every key under a BullMQ prefix: what a flushed Redis looks like to that queue. */
export async function deletePrefixKeys(prefix: string, redisUrl = TEST_REDIS_URL): Promise<number> {
  const redis = new IORedis(redisUrl);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export interface TestQueue {
  kind: TestQueueKind;
  /** Set in BullMQ mode: pass as REDIS_URL. */
  redisUrl?: string;
  /** A prefix of this test file's own, so files never see each other's jobs. */
  prefix: string;
  /** Removes the prefix's keys. */
  cleanup(): Promise<void>;
}

export function createTestQueue(kind: TestQueueKind = testQueueKind()): TestQueue {
  const prefix = freshQueuePrefix();
  const redisUrl = kind === 'bullmq' ? TEST_REDIS_URL : undefined;
  return { kind, redisUrl, prefix, cleanup: async () => void (redisUrl ? await deletePrefixKeys(prefix, redisUrl) : undefined) };
}
