import { DataSource, EntityManager } from 'typeorm';
import { Stack, StackEvent, StackResource } from '../../../entities';
import { SecretMasker } from '../../../src/logging';
import { StackRecorder } from '../../../src/engine/stack-recorder';
import { createTestDatabase, TestDatabase } from '../../support/database';

/** Runs `probe` inside every transaction, after its work and before its commit. */
function probeBeforeCommit(dataSource: DataSource, probe: () => void): void {
  const original = dataSource.transaction.bind(dataSource) as (work: (m: EntityManager) => Promise<unknown>) => Promise<unknown>;
  (dataSource as unknown as { transaction: typeof original }).transaction = (work) =>
    original(async (manager) => {
      const result = await work(manager);
      probe();
      return result;
    });
}

describe('StackRecorder', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  const newStack = () => Object.assign(new Stack(), {
    name: 'rec', liveName: null, description: null, status: 'CREATE_IN_PROGRESS', statusReason: null, accountId: '00000000-0000-0000-0000-00000000000a',
    accountName: 'a', domainId: '00000000-0000-0000-0000-00000000000d', domainName: 'ROOT', domainPath: '/', userId: '00000000-0000-0000-0000-000000000001',
    templateId: '00000000-0000-0000-0000-00000000000e', timeoutInMinutes: null, zoneId: null, deletedAt: null, operationStartedAt: null,
  });

  it('changes a resource row in memory only once the change is committed, and stamps row and event alike', async () => {
    const stack = newStack();
    await db.dataSource.getRepository(Stack).insert(stack);
    const resource = Object.assign(new StackResource(), {
      stackId: stack.id, logicalId: 'Server', type: 'CloudStack::VirtualMachine', physicalId: null, status: 'CREATE_IN_PROGRESS',
      statusReason: null, pendingJobId: null, pendingAction: null,
    });
    const seen: string[] = [];
    const recorder = new StackRecorder(db.dataSource, new SecretMasker(['hunter2-secret']));
    probeBeforeCommit(db.dataSource, () => seen.push(resource.status));

    await recorder.resourceStatus(resource, 'CREATE_IN_PROGRESS', null);
    await recorder.resourceStatus(resource, 'CREATE_FAILED', 'Property Count must be a number, got "hunter2-secret"');

    // The scheduler reads the row in memory: before the commit it must still show the old status.
    expect(seen).toEqual(['CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS']);
    expect(resource.status).toBe('CREATE_FAILED');
    const row = await db.dataSource.getRepository(StackResource).findOneByOrFail({ id: resource.id });
    const events = await db.dataSource.getRepository(StackEvent).find({ where: { stackId: stack.id }, order: { sequence: 'ASC' } });
    expect(row.statusReason).toBe('Property Count must be a number, got "****"');
    expect(events.map((e) => [e.status, e.statusReason])).toEqual([['CREATE_IN_PROGRESS', null], ['CREATE_FAILED', 'Property Count must be a number, got "****"']]);
    // One instant for both (the event column keeps whole seconds on MariaDB).
    expect(Math.floor(row.updated.getTime() / 1000)).toBe(Math.floor(events[1].timestamp.getTime() / 1000));
    expect(resource.updated.getTime()).toBe(row.updated.getTime());
  });
});
