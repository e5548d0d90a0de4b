import { ResourceStateEntry, StackResource } from '../../../entities';
import { ResourcePersistence } from '../../../src/engine/resource-persistence';
import { appendToJournal } from '../../../src/engine/state-journal';
import { StackRecorder } from '../../../src/engine/stack-recorder';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * A resource's state as the engine persists it: single entries of the metadata's maps go to the
 * journal, never the whole metadata; whatever loads the row reads the state the handler had.
 */
describe('resource state journal', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function newRow(logicalId: string): Promise<StackResource> {
    const row = Object.assign(new StackResource(), { stackId: '00000000-0000-4000-8000-000000000001', logicalId, type: 'CloudStack::VirtualMachineGroup', status: 'CREATE_IN_PROGRESS', metadata: { signalToken: 't' } });
    return db.dataSource.getRepository(StackResource).save(row);
  }
  const load = (id: string) => db.dataSource.getRepository(StackResource).findOneByOrFail({ id });
  const rawMetadata = async (id: string): Promise<Record<string, unknown>> => {
    const [raw] = await db.dataSource.getRepository(StackResource).createQueryBuilder('r').select('r.metadata', 'metadata').where('r.id = :id', { id }).getRawMany();
    return typeof raw.metadata === 'string' ? JSON.parse(raw.metadata) : raw.metadata;
  };
  const journal = (resourceId: string) => db.dataSource.getRepository(ResourceStateEntry).find({ where: { resourceId }, order: { sequence: 'ASC' } });

  it('appends one row per changed entry, leaves the snapshot alone, and a load replays the entries', async () => {
    const row = await newRow('Appends');
    const persistence = new ResourcePersistence(db.dataSource, row);
    const live = persistence.state();
    await Promise.all(Array.from({ length: 40 }, (_, i) => persistence.save({ entries: [{ map: 'steps', key: `deploy-${i + 1}`, value: { jobid: `job-${i + 1}` } }], pendingJobId: `job-${i + 1}` }, live)));
    await persistence.save({ entries: [{ map: 'members', key: '1', value: 'vm-1' }, { map: 'steps', key: 'deploy-1', value: { done: true } }] }, live);
    await persistence.save({ entries: [{ map: 'steps', key: 'deploy-2' }] }, live);

    expect(await rawMetadata(row.id)).toEqual({ signalToken: 't' });
    const entries = await journal(row.id);
    expect(entries.length).toBeGreaterThanOrEqual(42);
    expect(entries.length).toBeLessThanOrEqual(43);
    const loaded = await load(row.id);
    expect(loaded.metadata).toEqual(live.metadata);
    expect((loaded.metadata.steps as Record<string, unknown>)['deploy-1']).toEqual({ done: true });
    expect(loaded.metadata.steps).not.toHaveProperty('deploy-2');
    expect(Object.keys(loaded.metadata.steps as object)).toHaveLength(39);
    expect(loaded.stateEntries).toBe(entries.length);
  });

  it('one append of more entries than one statement carries keeps every value and their order', async () => {
    const row = await newRow('LargeAppend');
    const members = Array.from({ length: 1237 }, (_, i) => ({ map: 'members', key: String(i), value: i % 3 === 0 ? { id: `vm-${i}`, note: 'quote \' and "double" and ünïcode' } : `vm-${i}` }));
    // A later entry of the same key wins, and one without a value removes it: order matters.
    const changes = [...members, { map: 'members', key: '5', value: 'vm-5-again' }, { map: 'members', key: '6' }];
    await appendToJournal(db.dataSource, row, changes);

    expect(await journal(row.id)).toHaveLength(changes.length);
    const loaded = await load(row.id);
    const loadedMembers = loaded.metadata.members as Record<string, unknown>;
    expect(Object.keys(loadedMembers)).toHaveLength(1236);
    expect(loadedMembers['3']).toEqual({ id: 'vm-3', note: 'quote \' and "double" and ünïcode' });
    expect(loadedMembers['5']).toBe('vm-5-again');
    expect(loadedMembers).not.toHaveProperty('6');
    expect(loadedMembers['1235']).toBe('vm-1235');
    expect(loaded.stateEntries).toBe(changes.length);
  });

  it('a patch that replaces the metadata writes a snapshot of a new epoch; the old entries no longer apply', async () => {
    const row = await newRow('Replaces');
    const persistence = new ResourcePersistence(db.dataSource, row);
    const live = persistence.state();
    await persistence.save({ entries: [{ map: 'steps', key: 'a', value: { done: true } }] }, live);
    await persistence.save({ metadata: { generation: 2 } }, live);
    await persistence.save({ entries: [{ map: 'steps', key: 'b', value: { jobid: 'j' } }] }, live);
    const loaded = await load(row.id);
    expect(loaded.metadata).toEqual({ generation: 2, steps: { b: { jobid: 'j' } } });
    expect(loaded.stateEpoch).toBe(1);
    expect(await rawMetadata(row.id)).toEqual({ generation: 2 });
  });

  it('a journal that outgrows its snapshot is folded into a new one: what is written stays linear', async () => {
    const row = await newRow('Folds');
    const persistence = new ResourcePersistence(db.dataSource, row);
    const live = persistence.state();
    // One write at a time (each awaited), each its own journal row until the journal passes 512
    // entries: then the 513 steps become the snapshot of epoch 1, and the next fold would come
    // only once the journal passes twice that snapshot.
    for (let i = 1; i <= 700; i++) await persistence.save({ entries: [{ map: 'steps', key: `s-${i}`, value: { done: true } }] }, live);
    const loaded = await load(row.id);
    expect(Object.keys(loaded.metadata.steps as object)).toHaveLength(700);
    expect({ epoch: loaded.stateEpoch, entries: loaded.stateEntries }).toEqual({ epoch: 1, entries: 187 });
    expect(Object.keys((await rawMetadata(row.id)).steps as object)).toHaveLength(513);
    // The epoch before the current one is kept for a reader that loaded the row just before the fold.
    for (const entry of await journal(row.id)) expect(entry.epoch).toBeGreaterThanOrEqual(0);
    expect((await journal(row.id)).filter((entry) => entry.epoch === 1)).toHaveLength(187);
    // 700 awaited writes, each after the persistence's 5 ms gap: about 5 s on MariaDB alone, more
    // on a loaded machine (it passed Jest's default 5 s in a CI run).
  }, 30_000);

  it('a status change writes the state whole and empties the journal, so rows at rest cost no journal read', async () => {
    const row = await newRow('Settles');
    const persistence = new ResourcePersistence(db.dataSource, row);
    const live = persistence.state();
    await persistence.save({ entries: [{ map: 'members', key: '1', value: 'vm-1' }, { map: 'members', key: '2', value: 'vm-2' }] }, live);
    const recorder = new StackRecorder(db.dataSource);
    await recorder.resourceStatus(row, 'CREATE_COMPLETE', null, { physicalId: 'grp' });
    expect(await journal(row.id)).toEqual([]);
    expect(await rawMetadata(row.id)).toEqual({ signalToken: 't', members: { 1: 'vm-1', 2: 'vm-2' } });
    const loaded = await load(row.id);
    expect(loaded).toMatchObject({ status: 'CREATE_COMPLETE', stateEntries: 0, metadata: { members: { 1: 'vm-1', 2: 'vm-2' } } });
  });
});
