import { Stack } from '../../../entities';
import { createDataSource } from '../../../entities/data-source';
import { AsyncJobService } from '../../../jobs/async-job-service';
import { InProcessQueue } from '../../../jobs/in-process-queue';
import { JobHandlerRegistry } from '../../../jobs/job-handler';
import type { Caller } from '../../../src/auth/caller';
import { createLogger } from '../../../src/logging/logger';
import { ResourceRegistry } from '../../../src/resources/registry';
import { StackListQuery } from '../../../src/engine/stack-list-query';
import { StackService, type StackListFilter } from '../../../src/engine/stack-service';
import { stackView } from '../../../src/engine/stack-view';
import { stackListPayload } from '../../../src/api/commands/stacks/views';
import { listPayload, renderPayload } from '../../../src/cloudstack-api';
import { createTestDatabase, TestDatabase } from '../../support/database';

/**
 * listStacks reads stacks through StackListQuery (raw rows of the view's columns) and everything
 * else through StackService.list (entities). Both must give the same stacks in the same order
 * with the same total, for every kind of caller and filter: this holds them to it on the
 * dialect under test (CSF_TEST_DB), with the view of each stack compared field by field.
 */
const caller = (accountId: string, domainPath: string, roleType: Caller['roleType']): Caller => ({
  userId: `${accountId}-user`, username: `${accountId}-user`, accountId, accountName: accountId, domainId: domainPath, domainName: domainPath.split('/').pop()!, domainPath, roleType, apiKey: 'k',
});

const CALLERS: Record<string, Caller> = {
  user: caller('acct-eng', 'ROOT/eng', 'User'),
  other: caller('acct-eng_x', 'ROOT/eng_x', 'User'),
  domainAdmin: caller('acct-engadmin', 'ROOT/eng', 'DomainAdmin'),
  rootAdmin: caller('acct-admin', 'ROOT', 'Admin'),
};

// Owners of the seeded stacks: the caller accounts, a sub-domain of eng, and a domain whose name
// is eng's plus a LIKE wildcard character (it must not count as eng's subtree).
const OWNERS = [CALLERS.user, CALLERS.other, CALLERS.domainAdmin, CALLERS.rootAdmin, caller('acct-web', 'ROOT/eng/web', 'User')];
const STATUSES = ['CREATE_COMPLETE', 'CREATE_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'UPDATE_COMPLETE'];

async function seed(db: TestDatabase): Promise<Stack[]> {
  const base = Date.UTC(2026, 10, 1, 12, 0, 0);
  const stacks: Stack[] = [];
  for (let i = 0; i < 60; i++) {
    const owner = OWNERS[i % OWNERS.length];
    const deleted = i % 7 === 3;
    const name = i % 10 === 0 ? `web_${i}%x` : `stack-${i}`;
    stacks.push(Object.assign(new Stack(), {
      name,
      liveName: deleted ? null : name,
      description: i % 2 ? `stack number ${i}` : null,
      status: deleted ? 'DELETE_COMPLETE' : STATUSES[i % STATUSES.length],
      statusReason: i % 3 ? null : `reason ${i} with secret-${i}`,
      accountId: owner.accountId,
      accountName: owner.accountName,
      domainId: owner.domainId,
      domainName: owner.domainName,
      domainPath: owner.domainPath,
      userId: owner.userId,
      templateId: `template-${i}`,
      parameters: [{ key: 'Size', value: String(i) }, { key: 'Password', value: `secret-${i}` }],
      noEchoKeys: i % 2 ? ['Password'] : [],
      outputs: i % 4 ? [{ key: 'Ip', value: `10.0.0.${i}`, description: 'the address', exportName: i % 8 ? undefined : `ip-${i}` }] : [],
      tags: i % 5 ? [{ key: 'team', value: `t${i % 3}` }] : [],
      onFailure: i % 2 ? 'ROLLBACK' : 'DO_NOTHING',
      timeoutInMinutes: i % 6 ? null : 30,
      zoneId: i % 2 ? `zone-${i}` : null,
      // Every fourth stack shares its creation second with the one before: the id breaks the tie.
      created: new Date(base + Math.floor(i / 2) * 1000 * (i % 4 === 1 ? 0 : 1)),
      updated: new Date(base + i * 1500),
      deleted,
      deletedAt: deleted ? new Date(base + i * 2000) : null,
      operationStartedAt: new Date(base),
    }));
  }
  await db.dataSource.getRepository(Stack).insert(stacks);
  return stacks;
}

describe('listStacks reads the same stacks without entities as with them', () => {
  let db: TestDatabase;
  let service: StackService;
  let query: StackListQuery;
  let seeded: Stack[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const logger = createLogger({ level: 'error' });
    service = new StackService(db.dataSource, new AsyncJobService(db.dataSource, new InProcessQueue(1, logger), new JobHandlerRegistry()), new ResourceRegistry());
    query = new StackListQuery(db.dataSource);
    seeded = await seed(db);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  const some = (filter: Partial<StackListFilter>): StackListFilter => ({ listall: false, ...filter });
  const FILTERS: Record<string, () => StackListFilter> = {
    own: () => some({}),
    listall: () => some({ listall: true }),
    page1: () => some({ listall: true, paging: { page: 1, pagesize: 5 } }),
    page3: () => some({ listall: true, paging: { page: 3, pagesize: 5 } }),
    lastPartialPage: () => some({ listall: true, paging: { page: 4, pagesize: 13 } }),
    pastTheEnd: () => some({ listall: true, paging: { page: 40, pagesize: 5 } }),
    exactlyFull: () => some({ paging: { page: 1, pagesize: 10 } }),
    keyword: () => some({ listall: true, keyword: 'stack-1' }),
    keywordWildcards: () => some({ listall: true, keyword: '_' }),
    keywordPercent: () => some({ listall: true, keyword: '%x' }),
    name: () => some({ listall: true, name: 'stack-12' }),
    status: () => some({ listall: true, status: 'CREATE_COMPLETE' }),
    deletedStatus: () => some({ listall: true, status: 'DELETE_COMPLETE' }),
    statusPaged: () => some({ listall: true, status: 'UPDATE_COMPLETE', paging: { page: 2, pagesize: 2 } }),
    idOwn: () => some({ id: seeded[0].id }),
    idOfOther: () => some({ id: seeded[1].id }),
    idOfSubdomain: () => some({ id: seeded[4].id }),
    idDeleted: () => some({ id: seeded[3].id }),
    idAndStatus: () => some({ id: seeded[10].id, status: 'CREATE_COMPLETE' }),
  };

  const cases = Object.keys(CALLERS).flatMap((who) => Object.keys(FILTERS).map((filter) => [who, filter] as const));

  it.each(cases)('%s, %s', async (who, filterName) => {
    const filter = FILTERS[filterName]();
    const expected = await service.list(CALLERS[who], filter);
    const actual = await query.list(CALLERS[who], filter);
    expect(actual.total).toBe(expected.total);
    expect(actual.stacks.map(stackView)).toEqual(expected.stacks.map(stackView));
  });

  it('finds something in most cases, so that the comparison above is not of empty lists', async () => {
    const found = await Promise.all(cases.map(async ([who, filterName]) => (await query.list(CALLERS[who], FILTERS[filterName]())).stacks.length));
    expect(found.filter((n) => n > 0).length).toBeGreaterThan(cases.length / 2);
    // The domain admin sees eng's subtree with listall, and not the eng_x look-alike.
    const subtree = await query.list(CALLERS.domainAdmin, some({ listall: true }));
    expect(new Set(subtree.stacks.map((s) => s.accountId))).toEqual(new Set(['acct-eng', 'acct-engadmin', 'acct-web']));
  });

  it('decodes each column as the entity does: dates as Dates, JSON columns as arrays', async () => {
    const { stacks } = await query.list(CALLERS.rootAdmin, some({ id: seeded[6].id }));
    const [entity] = (await service.list(CALLERS.rootAdmin, some({ id: seeded[6].id }))).stacks;
    expect(stacks[0].created).toBeInstanceOf(Date);
    expect(stacks[0].created.getTime()).toBe(entity.created.getTime());
    expect(stacks[0].updated.getTime()).toBe(entity.updated.getTime());
    expect(stacks[0].parameters).toEqual(entity.parameters);
    expect(stacks[0].timeoutInMinutes).toBe(30);
  });
});

/**
 * On SQLite, StackListQuery keeps an answer while the database is unchanged. These hold it to
 * what a fresh read returns after each kind of change: a write by the same connection, a commit
 * by another connection (a worker process sharing the file), and a write rolled back.
 */
describe('listStacks on SQLite keeps an answer only while the database is unchanged', () => {
  let db: TestDatabase;
  let query: StackListQuery;
  let seeded: Stack[];
  const own = { listall: false, paging: { page: 1, pagesize: 50 } };
  const service = () => new StackService(db.dataSource, new AsyncJobService(db.dataSource, new InProcessQueue(1, createLogger({ level: 'error' })), new JobHandlerRegistry()), new ResourceRegistry());
  const statusOf = async (who: Caller, id: string) => (await query.list(who, own)).stacks.find((s) => s.id === id)?.status;

  beforeAll(async () => {
    db = await createTestDatabase({ kind: 'sqlite' });
    query = new StackListQuery(db.dataSource);
    seeded = await seed(db);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('answers a repeated request from what it kept, and each account from its own rows', async () => {
    const first = await query.list(CALLERS.user, own);
    expect(await query.list(CALLERS.user, own)).toBe(first);
    const other = await query.list(CALLERS.other, own);
    expect(other).not.toBe(first);
    expect(new Set(first.stacks.map((s) => s.accountId))).toEqual(new Set(['acct-eng']));
    expect(new Set(other.stacks.map((s) => s.accountId))).toEqual(new Set(['acct-eng_x']));
  });

  it('shapes and renders a kept answer once, the same bytes as a fresh one', async () => {
    const filter = { ...own, listall: true };
    const kept = await query.list(CALLERS.domainAdmin, filter);
    expect(kept.kept).toBe(true);
    const payload = stackListPayload(kept);
    expect(stackListPayload(await query.list(CALLERS.domainAdmin, filter))).toBe(payload);
    expect(renderPayload('listStacks', payload, 'json')).toBe(renderPayload('listStacks', payload, 'json'));
    const fresh = await service().list(CALLERS.domainAdmin, filter);
    const freshPayload = listPayload('stack', fresh.stacks.map(stackView), fresh.total);
    for (const format of ['json', 'xml'] as const) {
      expect(renderPayload('listStacks', payload, format).body).toBe(renderPayload('listStacks', freshPayload, format).body);
    }
    expect(() => ((payload.stack as Array<Record<string, unknown>>)[0].name = 'changed')).toThrow(TypeError);
  });

  it('reads again after a write by the same connection', async () => {
    const target = seeded[0];
    expect(await statusOf(CALLERS.user, target.id)).toBe(target.status);
    await db.dataSource.getRepository(Stack).update({ id: target.id }, { status: 'UPDATE_IN_PROGRESS' });
    expect(await statusOf(CALLERS.user, target.id)).toBe('UPDATE_IN_PROGRESS');
  });

  it('reads again after a commit by another connection to the same file', async () => {
    const target = seeded[5];
    expect(await statusOf(CALLERS.user, target.id)).toBe(target.status);
    const other = createDataSource(db.settings);
    await other.initialize();
    try {
      await other.getRepository(Stack).update({ id: target.id }, { status: 'DELETE_IN_PROGRESS' });
    } finally {
      await other.destroy();
    }
    expect(await statusOf(CALLERS.user, target.id)).toBe('DELETE_IN_PROGRESS');
  });

  it('does not keep what it read inside a transaction that is then rolled back', async () => {
    const target = seeded[15];
    const before = await statusOf(CALLERS.user, target.id);
    const runner = db.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.manager.getRepository(Stack).update({ id: target.id }, { status: 'UPDATE_ROLLBACK_IN_PROGRESS' });
      // The same connection sees its own uncommitted write, with or without the cache.
      expect(await statusOf(CALLERS.user, target.id)).toBe('UPDATE_ROLLBACK_IN_PROGRESS');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await statusOf(CALLERS.user, target.id)).toBe(before);
  });
});
