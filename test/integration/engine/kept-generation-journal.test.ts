import { KEPT_GENERATION_EPOCH, ResourceStateEntry, StackResource } from '../../../entities';
import { ResourcePersistence } from '../../../src/engine/resource-persistence';
import { StackRecorder } from '../../../src/engine/stack-recorder';
import type { PreviousState } from '../../../src/engine/update/generation';
import { KeptGenerationJournal } from '../../../src/engine/update/kept-generation-journal';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * The generation an update keeps aside (`previous`) while it is deleted: its steps go to a journal
 * of its own, never a rewrite of the whole `previous` per step, and a load reads the state the
 * handler had; the entries of one kept generation never apply to another.
 */
describe('kept-generation journal', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const members = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i + 1), `vm-${i + 1}`]));

  function keptAside(metadata: Record<string, unknown>): PreviousState {
    return { updateId: 'update-1', action: 'Replace', generation: { physicalId: 'old-group', attributes: { Count: 2 }, metadata, resolvedProperties: { Count: 2 } } };
  }

  async function newRow(logicalId: string, previous: PreviousState | null): Promise<StackResource> {
    const row = Object.assign(new StackResource(), {
      stackId: '00000000-0000-4000-8000-000000000002', logicalId, type: 'CloudStack::VirtualMachineGroup', status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      physicalId: 'new-group', metadata: { generation: 2 }, previous: previous as unknown as Record<string, unknown>,
    });
    return db.dataSource.getRepository(StackResource).save(row);
  }
  const load = (id: string) => db.dataSource.getRepository(StackResource).findOneByOrFail({ id });
  const keptOf = (row: StackResource) => row.previous as unknown as PreviousState;
  const rawPrevious = async (id: string): Promise<PreviousState> => {
    const [raw] = await db.dataSource.getRepository(StackResource).createQueryBuilder('r').select('r.previous', 'previous').where('r.id = :id', { id }).getRawMany();
    return typeof raw.previous === 'string' ? JSON.parse(raw.previous) : raw.previous;
  };
  const keptEntries = (resourceId: string) => db.dataSource.getRepository(ResourceStateEntry).countBy({ resourceId, epoch: KEPT_GENERATION_EPOCH });

  async function journalFor(row: StackResource) {
    const previous = keptOf(row);
    const journal = new KeptGenerationJournal(db.dataSource, row, previous);
    await journal.start();
    const state = { physicalId: previous.generation.physicalId, attributes: previous.generation.attributes, metadata: previous.generation.metadata };
    return { journal, state };
  }
  const destroyStep = (i: number) => ({ entries: [{ map: 'steps', key: `destroy-${i}`, value: { jobid: `job-${i}` } }] });

  it('journals each step of a kept generation, writes `previous` whole only at the start, and a load applies the steps', async () => {
    const row = await newRow('Steps', keptAside({ members: members(200) }));
    const { journal, state } = await journalFor(row);
    await Promise.all(Array.from({ length: 200 }, (_, i) => journal.save(destroyStep(i + 1), state)));
    await journal.save({ entries: [{ map: 'members', key: '7' }], attributes: { ignored: true }, pendingJobId: 'not-kept' }, state);

    // The column holds the generation as it was at the start, marked journaled; the steps are entries.
    const raw = await rawPrevious(row.id);
    expect(raw.generation.journaled).toBe(true);
    expect(raw.generation.metadata).toEqual({ members: members(200) });
    expect(await keptEntries(row.id)).toBe(201);
    // The row's own state and journal are untouched.
    const loaded = await load(row.id);
    expect([loaded.physicalId, loaded.metadata, loaded.stateEntries]).toEqual(['new-group', { generation: 2 }, 0]);
    const kept = keptOf(loaded).generation;
    expect(kept.metadata).toEqual(state.metadata);
    expect(Object.keys(kept.metadata.steps as object)).toHaveLength(200);
    expect(kept.metadata.members).not.toHaveProperty('7');
    expect(kept.attributes).toEqual({ Count: 2 });
  });

  it('a worker that takes over starts from the journaled steps, and folds them into `previous`', async () => {
    const row = await newRow('Takeover', keptAside({ members: members(3) }));
    const first = await journalFor(row);
    await first.journal.save(destroyStep(1), first.state);
    await first.journal.save(destroyStep(2), first.state);

    const second = await journalFor(await load(row.id));
    expect(Object.keys(second.state.metadata.steps as object)).toEqual(['destroy-1', 'destroy-2']);
    expect(await keptEntries(row.id)).toBe(0);
    expect((await rawPrevious(row.id)).generation.metadata.steps).toEqual({ 'destroy-1': { jobid: 'job-1' }, 'destroy-2': { jobid: 'job-2' } });
    await second.journal.save(destroyStep(3), second.state);
    expect(Object.keys(keptOf(await load(row.id)).generation.metadata.steps as object)).toEqual(['destroy-1', 'destroy-2', 'destroy-3']);
  });

  it('a patch that replaces the metadata writes `previous` whole again and empties the journal', async () => {
    const row = await newRow('Whole', keptAside({ members: members(2) }));
    const { journal, state } = await journalFor(row);
    await journal.save(destroyStep(1), state);
    await journal.save({ metadata: { members: {} }, physicalId: null }, state);
    await journal.save(destroyStep(2), state);
    expect(await keptEntries(row.id)).toBe(1);
    const kept = keptOf(await load(row.id)).generation;
    expect([kept.physicalId, kept.metadata]).toEqual([null, { members: {}, steps: { 'destroy-2': { jobid: 'job-2' } } }]);
  });

  it('the entries of one kept generation never apply to another set aside after it', async () => {
    const row = await newRow('Another', keptAside({ members: members(2) }));
    const { journal, state } = await journalFor(row);
    await journal.save(destroyStep(1), state);
    // A later update sets another generation aside (generationOf: not marked), entries still there.
    const next = keptAside({ members: { 1: 'vm-9' } });
    await db.dataSource.getRepository(StackResource).update({ id: row.id }, { previous: next as never });
    expect(await keptEntries(row.id)).toBe(1);
    expect(keptOf(await load(row.id)).generation.metadata).toEqual({ members: { 1: 'vm-9' } });
    // Its own journal starts empty.
    const again = await journalFor(await load(row.id));
    expect(await keptEntries(row.id)).toBe(0);
    await again.journal.save(destroyStep(5), again.state);
    expect(keptOf(await load(row.id)).generation.metadata).toEqual({ members: { 1: 'vm-9' }, steps: { 'destroy-5': { jobid: 'job-5' } } });
  });

  it('a status change of the row, which folds the row\'s own journal, leaves the kept generation\'s journal whole', async () => {
    const row = await newRow('Fold', keptAside({ members: members(2) }));
    const { journal, state } = await journalFor(row);
    await journal.save(destroyStep(1), state);
    const own = new ResourcePersistence(db.dataSource, row);
    await own.save({ entries: [{ map: 'steps', key: 'deploy-1', value: { done: true } }] }, own.state());
    expect(row.stateEntries).toBe(1);

    // The status write carries `previous` as it is in memory (the step already applied): applying
    // the step again on load changes nothing, and the entry is still there for the next one.
    await new StackRecorder(db.dataSource).resourceStatus(row, 'UPDATE_COMPLETE', null);
    await journal.save(destroyStep(2), state);
    expect(await keptEntries(row.id)).toBe(2);
    const loaded = await load(row.id);
    expect(loaded.metadata).toEqual({ generation: 2, steps: { 'deploy-1': { done: true } } });
    expect(keptOf(loaded).generation.metadata.steps).toEqual({ 'destroy-1': { jobid: 'job-1' }, 'destroy-2': { jobid: 'job-2' } });
  });
});
