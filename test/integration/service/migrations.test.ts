import { QueryFailedError } from 'typeorm';
import { pendingSchemaChanges, runMigrations, Stack, StackEvent, StoredTemplate } from '../../../entities';
import { MYSQL_MIGRATIONS } from '../../../entities/mysql';
import { SQLITE_MIGRATIONS } from '../../../entities/sqlite';
import { createTestDatabase, TestDatabase, TestDatabaseKind } from '../../support/database';

function stackRow(overrides: Partial<Stack>): Stack {
  return Object.assign(new Stack(), {
    name: 'web',
    liveName: 'web',
    description: null,
    status: 'CREATE_IN_PROGRESS',
    statusReason: null,
    accountId: '11111111-1111-1111-1111-111111111111',
    accountName: 'alice',
    domainId: '22222222-2222-2222-2222-222222222222',
    domainName: 'ROOT',
    domainPath: 'ROOT',
    userId: '33333333-3333-3333-3333-333333333333',
    templateId: '44444444-4444-4444-4444-444444444444',
    timeoutInMinutes: null,
    zoneId: null,
    deletedAt: null,
    ...overrides,
  });
}

describe.each<TestDatabaseKind>(['mysql', 'sqlite'])('migrations on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ kind, migrate: false });
  });
  afterAll(async () => db.drop());

  it('apply once, then describe the entities exactly', async () => {
    const expected = (kind === 'mysql' ? MYSQL_MIGRATIONS : SQLITE_MIGRATIONS).map((m) => m.name);
    expect(expected[0]).toBe('Initial1763769600000');
    expect(await runMigrations(db.dataSource)).toEqual(expected);
    expect(await runMigrations(db.dataSource)).toEqual([]);
    expect(await pendingSchemaChanges(db.dataSource)).toEqual([]);
  });

  it('keeps stack names unique per account among live stacks only', async () => {
    const repo = db.dataSource.getRepository(Stack);
    const first = await repo.save(stackRow({}));
    await expect(repo.save(stackRow({}))).rejects.toBeInstanceOf(QueryFailedError);
    await repo.save(stackRow({ accountId: '55555555-5555-5555-5555-555555555555' }));
    await repo.update(first.id, { deleted: true, deletedAt: new Date(), liveName: null });
    await repo.save(stackRow({}));
    await repo.update({ name: 'web', deleted: false, accountId: '11111111-1111-1111-1111-111111111111' }, { deleted: true, liveName: null });
    await repo.save(stackRow({}));
    expect(await repo.count({ where: { name: 'web', accountId: '11111111-1111-1111-1111-111111111111' } })).toBe(3);
  });

  it('round-trips JSON columns and large template bodies', async () => {
    const repo = db.dataSource.getRepository(Stack);
    const saved = await repo.save(stackRow({ name: 'json', liveName: 'json', parameters: [{ key: 'Size', value: '3' }], noEchoKeys: ['Password'], tags: [{ key: 'env', value: 'prod' }] }));
    const loaded = await repo.findOneByOrFail({ id: saved.id });
    expect(loaded.parameters).toEqual([{ key: 'Size', value: '3' }]);
    expect(loaded.noEchoKeys).toEqual(['Password']);
    expect(loaded.tags).toEqual([{ key: 'env', value: 'prod' }]);
    expect(loaded.deleted).toBe(false);
    const body = `Resources:\n${'  X: {Type: "AWS::CloudFormation::WaitConditionHandle"}\n'.repeat(1500)}`;
    expect(body.length).toBeGreaterThan(65535);
    const template = await db.dataSource.getRepository(StoredTemplate).save(Object.assign(new StoredTemplate(), { body, sha256: 'a'.repeat(64) }));
    expect((await db.dataSource.getRepository(StoredTemplate).findOneByOrFail({ id: template.id })).body).toBe(body);
  });

  it('numbers events in insertion order', async () => {
    const repo = db.dataSource.getRepository(StackEvent);
    const stackId = '66666666-6666-6666-6666-666666666666';
    for (const logicalId of ['A', 'B', 'C']) {
      await repo.save(Object.assign(new StackEvent(), { stackId, logicalId, physicalId: null, resourceType: 'X', status: 'CREATE_COMPLETE', statusReason: null }));
    }
    const newestFirst = await repo.find({ where: { stackId }, order: { sequence: 'DESC' } });
    expect(newestFirst.map((e) => e.logicalId)).toEqual(['C', 'B', 'A']);
    expect(newestFirst[0].sequence).toBeGreaterThan(newestFirst[1].sequence);
  });
});
