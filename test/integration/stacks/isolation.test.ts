import { StackEvent, StackResource, WaitConditionSignal } from '../../../entities';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startTestService, TestService } from '../../support/service';
import { createStack, deleteStack, getStack, stackEvents, waitForJob, waitForResourceStatus } from '../../support/stacks';

/** A handle and a wait condition: the stack stays CREATE_IN_PROGRESS until signalled. */
const WAITING = {
  Resources: {
    Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
    Ready: { Type: 'AWS::CloudFormation::WaitCondition', Properties: { Handle: { Ref: 'Handle' }, Timeout: '120' } },
  },
};
const SMALL = { Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } };

const NEVER_EXISTED = '00000000-0000-4000-8000-000000000000';

describe('stack isolation between accounts and domains', () => {
  let svc: TestService;
  let alice: { id: string; jobid: string };
  let bob: { id: string; jobid: string };

  beforeAll(async () => {
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
    alice = await createStack(svc, 'alice', 'alices', WAITING);
    bob = await createStack(svc, 'bob', 'bobs', SMALL);
    expect((await waitForJob(svc, 'bob', bob.jobid)).jobstatus).toBe(1);
    await waitForResourceStatus(svc, 'alice', alice.id, 'Ready', 'CREATE_IN_PROGRESS');
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  const ids = (answer: { json?: Record<string, any> }) => ((answer.json!.liststacksresponse.stack ?? []) as Array<{ id: string }>).map((s) => s.id).sort();

  /** The answer for an id that is not the caller's, with the id swapped out: it must be the never-existed one's. */
  async function sameAsNeverExisted(user: string, params: Record<string, string>, idParam: string, responseKey: string): Promise<void> {
    const theirs = await svc.call(user, { ...params, [idParam]: alice.id, response: 'json' });
    const none = await svc.call(user, { ...params, [idParam]: NEVER_EXISTED, response: 'json' });
    expect(theirs.status).toBe(431);
    expect(none.status).toBe(431);
    expect(theirs.json![responseKey]).toEqual({
      ...none.json![responseKey],
      errortext: (none.json![responseKey].errortext as string).replace(NEVER_EXISTED, alice.id),
    });
  }

  it("hides alice's stack from bob in every list and read, exactly like an id that never existed", async () => {
    expect(ids(await svc.call('bob', { command: 'listStacks', response: 'json' }))).toEqual([bob.id]);
    expect(ids(await svc.call('bob', { command: 'listStacks', listall: 'true', response: 'json' }))).toEqual([bob.id]);
    expect((await svc.call('bob', { command: 'listStacks', id: alice.id, response: 'json' })).json!.liststacksresponse).toEqual({});
    expect((await svc.call('bob', { command: 'listStacks', id: alice.id, listall: 'true', response: 'json' })).json!.liststacksresponse).toEqual({});
    expect((await svc.call('bob', { command: 'listStacks', name: 'alices', listall: 'true', response: 'json' })).json!.liststacksresponse).toEqual({});

    await sameAsNeverExisted('bob', { command: 'listStackResources' }, 'stackid', 'liststackresourcesresponse');
    await sameAsNeverExisted('bob', { command: 'listStackEvents' }, 'stackid', 'liststackeventsresponse');
    await sameAsNeverExisted('bob', { command: 'getStackTemplate' }, 'stackid', 'getstacktemplateresponse');
  });

  it("refuses bob's cancel and delete of alice's stack with the never-existed answer, and changes nothing", async () => {
    const eventsBefore = await stackEvents(svc, 'alice', alice.id);
    await sameAsNeverExisted('bob', { command: 'cancelStackOperation' }, 'id', 'cancelstackoperationresponse');
    await sameAsNeverExisted('bob', { command: 'deleteStack' }, 'id', 'deletestackresponse');
    expect(await getStack(svc, 'alice', alice.id)).toMatchObject({ status: 'CREATE_IN_PROGRESS' });
    expect(await stackEvents(svc, 'alice', alice.id)).toEqual(eventsBefore);
  });

  it('answers a wrong signal token with 404 and records nothing', async () => {
    const signalsBefore = await svc.db.dataSource.getRepository(WaitConditionSignal).count();
    const eventsBefore = await svc.db.dataSource.getRepository(StackEvent).countBy({ stackId: alice.id });
    const base = svc.service.url.replace(/\/client\/api$/, '');
    for (const token of ['not-a-token', 'A'.repeat(32)]) {
      const answer = await fetch(`${base}/signal/${token}`, {
        method: 'PUT', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Status: 'SUCCESS', UniqueId: 'x', Data: 'd', Reason: 'r' }),
      });
      expect(answer.status).toBe(404);
    }
    expect(await svc.db.dataSource.getRepository(WaitConditionSignal).count()).toBe(signalsBefore);
    expect(await svc.db.dataSource.getRepository(StackEvent).countBy({ stackId: alice.id })).toBe(eventsBefore);
    const ready = await svc.db.dataSource.getRepository(StackResource).findOneByOrFail({ stackId: alice.id, logicalId: 'Ready' });
    expect(ready.status).toBe('CREATE_IN_PROGRESS');
  });

  it("shows alice's stack to the engineering domain admin with listall=true, never bob's", async () => {
    expect(ids(await svc.call('engadmin', { command: 'listStacks', response: 'json' }))).toEqual([]);
    expect(ids(await svc.call('engadmin', { command: 'listStacks', listall: 'true', response: 'json' }))).toEqual([alice.id]);
    expect(ids(await svc.call('engadmin', { command: 'listStacks', id: alice.id, response: 'json' }))).toEqual([alice.id]);
    expect((await svc.call('engadmin', { command: 'listStacks', id: bob.id, listall: 'true', response: 'json' })).json!.liststacksresponse).toEqual({});
    const events = await svc.call('engadmin', { command: 'listStackEvents', stackid: alice.id, response: 'json' });
    expect(events.status).toBe(200);
    const bobs = await svc.call('engadmin', { command: 'listStackEvents', stackid: bob.id, response: 'json' });
    expect(bobs.status).toBe(431);
  });

  it('lets the root admin see every stack with listall=true, and cancel and delete alice\'s', async () => {
    expect(ids(await svc.call('admin', { command: 'listStacks', response: 'json' }))).toEqual([]);
    expect(ids(await svc.call('admin', { command: 'listStacks', listall: 'true', response: 'json' }))).toEqual([alice.id, bob.id].sort());

    const cancel = await svc.call('admin', { command: 'cancelStackOperation', id: alice.id, response: 'json' });
    expect(cancel.status).toBe(200);
    const created = await waitForJob(svc, 'alice', alice.jobid);
    expect(created.jobstatus).toBe(2);
    expect((await getStack(svc, 'alice', alice.id))?.status).toBe('ROLLBACK_COMPLETE');

    const deleted = await deleteStack(svc, 'admin', alice.id);
    expect(deleted.jobstatus).toBe(1);
    expect(ids(await svc.call('alice', { command: 'listStacks', response: 'json' }))).toEqual([]);
    expect(ids(await svc.call('admin', { command: 'listStacks', listall: 'true', response: 'json' }))).toEqual([bob.id]);
    expect(ids(await svc.call('bob', { command: 'listStacks', response: 'json' }))).toEqual([bob.id]);
  }, 30_000);
});
