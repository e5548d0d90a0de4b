import type { DataSource } from 'typeorm';
import { Stack, StackEvent } from '../../entities';
import type { JobHandler } from '../../jobs/job-handler';
import { resourceOperationDuration, resourceOperations, stackOperationDuration, stackOperations } from './instruments';

const STACK_EVENT_TYPE = 'AWS::CloudFormation::Stack';

/** What a worker is asked to do, named after the status the stack is in when it starts. */
function operationKind(status: string): string | undefined {
  if (status === 'CREATE_IN_PROGRESS') return 'create';
  if (status === 'DELETE_IN_PROGRESS') return 'delete';
  if (status === 'ROLLBACK_IN_PROGRESS') return 'rollback';
  if (status.startsWith('UPDATE_') && status.endsWith('_IN_PROGRESS')) return 'update';
  return undefined;
}

/**
 * Wraps the stack job handler: once a worker has driven an operation to a final status, the
 * operation is counted by kind and outcome, and its resource operations by type, action and
 * outcome with their durations, read from the events it recorded. An operation this worker
 * did not finish (its lease went to another worker) is counted by the worker that finishes it.
 */
export function instrumentStackOperations(dataSource: DataSource, handler: JobHandler): JobHandler {
  return async (job, context) => {
    const stackId = String(job.payload.stackId);
    const before = await dataSource.getRepository(Stack).findOneBy({ id: stackId });
    const kind = before && operationKind(before.status);
    if (!kind) return handler(job, context);
    const lastSequence = await lastEventSequence(dataSource, stackId);
    const started = Date.now();
    try {
      return await handler(job, context);
    } finally {
      await recordOutcome(dataSource, stackId, kind, lastSequence, (Date.now() - started) / 1000).catch((error: unknown) =>
        context.logger.warn({ stackId, err: error }, 'could not record stack operation metrics'),
      );
    }
  };
}

async function lastEventSequence(dataSource: DataSource, stackId: string): Promise<number> {
  const row = await dataSource.getRepository(StackEvent).createQueryBuilder('e').select('MAX(e.sequence)', 'last').where('e.stackId = :stackId', { stackId }).getRawOne<{ last: number | string | null }>();
  return Number(row?.last ?? 0);
}

async function recordOutcome(dataSource: DataSource, stackId: string, kind: string, lastSequence: number, seconds: number): Promise<void> {
  const after = await dataSource.getRepository(Stack).findOneBy({ id: stackId });
  if (!after || after.status.endsWith('_IN_PROGRESS')) return;
  const events = await dataSource
    .getRepository(StackEvent)
    .createQueryBuilder('e')
    .where('e.stackId = :stackId AND e.sequence > :lastSequence', { stackId, lastSequence })
    .orderBy('e.sequence', 'ASC')
    .getMany();
  // Every counter of the operation moves in one synchronous step, after the last await: a scrape
  // never sees the operation counted without its resource operations.
  stackOperations.inc({ kind, outcome: after.status });
  stackOperationDuration.observe({ kind }, seconds);
  recordResourceOperations(events.filter((e) => e.resourceType !== STACK_EVENT_TYPE));
}

/** Pairs each resource's *_IN_PROGRESS event with the *_COMPLETE or *_FAILED that ends it. */
export function recordResourceOperations(events: Pick<StackEvent, 'logicalId' | 'resourceType' | 'status' | 'timestamp'>[]): void {
  const startedAt = new Map<string, Date>();
  for (const event of events) {
    const match = /^(CREATE|UPDATE|DELETE)_(IN_PROGRESS|COMPLETE|FAILED)$/.exec(event.status);
    if (!match) continue;
    const [, action, phase] = match;
    const key = `${event.logicalId}\u0000${action}`;
    if (phase === 'IN_PROGRESS') {
      startedAt.set(key, new Date(event.timestamp));
      continue;
    }
    resourceOperations.inc({ type: event.resourceType, action, outcome: phase });
    const start = startedAt.get(key);
    if (start) {
      resourceOperationDuration.observe({ type: event.resourceType, action }, Math.max(0, new Date(event.timestamp).getTime() - start.getTime()) / 1000);
      startedAt.delete(key);
    }
  }
}
