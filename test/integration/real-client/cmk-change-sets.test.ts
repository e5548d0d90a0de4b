import { NO_CHANGES } from '../../../src/engine/change-sets/compute-change-set';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { cmkAsync, cmkRequest, cmkResponseData, sendCmk } from '../../support/cmk-request';
import { startTestService, TestService } from '../../support/service';

const TEMPLATE = JSON.stringify({
  Parameters: { Purpose: { Type: 'String', Default: 'web' } },
  Resources: { Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Description: { 'Fn::Sub': '${Purpose} servers' } } } },
});

/**
 * `cmk create changeset` prints the job's jobresult (pollAsyncJob), so that result must be the
 * change set itself, as CloudStack's create commands answer with the object they made. Found with
 * the real cmk 6.4 built from source: it printed only an id and a status, and a change set that
 * FAILED for having no changes showed no reason at all.
 */
describe('change sets as cmk shows them', () => {
  let svc: TestService;
  let stackId: string;

  beforeAll(async () => {
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
    const created = await cmkAsync(svc.service.url, svc.users.alice, 'createStack', { name: 'planned-by-cmk', templatebody: TEMPLATE });
    expect(created.jobstatus).toBe(1);
    stackId = created.printed.stack.id;
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  it('create changeset prints the whole change set with its changes', async () => {
    const args = { name: 'purpose-db', stackname: 'planned-by-cmk', useprevioustemplate: 'true', 'parameters[0].key': 'Purpose', 'parameters[0].value': 'db', description: 'db servers' };
    const { jobstatus, printed } = await cmkAsync(svc.service.url, svc.users.alice, 'createChangeSet', args);
    expect(jobstatus).toBe(1);
    expect(Object.keys(printed)).toEqual(['changeset']);
    expect(printed.changeset).toMatchObject({
      name: 'purpose-db', stackid: stackId, stackname: 'planned-by-cmk', description: 'db servers', changesettype: 'UPDATE',
      status: 'CREATE_COMPLETE', executionstatus: 'AVAILABLE', parameters: [{ key: 'Purpose', value: 'db' }], tags: [],
    });
    expect(typeof printed.changeset.id).toBe('string');
    expect(printed.changeset.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$/);
    expect(printed.changeset.changes).toEqual([expect.objectContaining({ action: 'Modify', logicalresourceid: 'Spread', resourcetype: 'CloudStack::AffinityGroup', replacement: 'True' })]);
  }, 30_000);

  it('a change set that changes nothing prints FAILED with its reason', async () => {
    const { jobstatus, printed } = await cmkAsync(svc.service.url, svc.users.alice, 'createChangeSet', { name: 'same', stackname: stackId, useprevioustemplate: 'true' });
    expect(jobstatus).toBe(1);
    expect(printed.changeset).toMatchObject({ name: 'same', status: 'FAILED', statusreason: NO_CHANGES, executionstatus: 'UNAVAILABLE', changes: [] });
  }, 30_000);

  it('a CREATE change set prints each resource it would add', async () => {
    const { printed } = await cmkAsync(svc.service.url, svc.users.alice, 'createChangeSet', { name: 'fresh', stackname: 'new-by-cmk', changesettype: 'CREATE', templatebody: TEMPLATE });
    expect(printed.changeset).toMatchObject({ stackname: 'new-by-cmk', changesettype: 'CREATE', status: 'CREATE_COMPLETE', executionstatus: 'AVAILABLE' });
    expect(printed.changeset.changes).toEqual([{ action: 'Add', logicalresourceid: 'Spread', resourcetype: 'CloudStack::AffinityGroup' }]);
  }, 30_000);

  it('answers the request cmk\'s completer sends for a change set id (listChangeSets listall=true), each row with a string id and name', async () => {
    // cli/completer.go: for `execute changeset id=<TAB>` it finds listChangeSets by noun and sends
    // listall=true, then reads id and name of each row as strings (buildArgOptions).
    const answer = await sendCmk(cmkRequest(svc.service.url, svc.users.alice, 'listChangeSets', { listall: 'true' }));
    expect(answer.status).toBe(200);
    const data = cmkResponseData(answer.json)!;
    expect(data.count).toBe(3);
    expect(data.changeset.map((c: { name: string }) => c.name).sort()).toEqual(['fresh', 'purpose-db', 'same']);
    for (const row of data.changeset) {
      expect(typeof row.id).toBe('string');
      expect(typeof row.name).toBe('string');
      expect(row.changes).toBeUndefined();
    }
    const bob = await sendCmk(cmkRequest(svc.service.url, svc.users.bob, 'listChangeSets', { listall: 'true' }));
    expect(bob.json).toEqual({ listchangesetsresponse: {} });
    const admin = cmkResponseData((await sendCmk(cmkRequest(svc.service.url, svc.users.admin, 'listChangeSets', { listall: 'true' }))).json)!;
    expect(admin.count).toBe(3);
    const own = await sendCmk(cmkRequest(svc.service.url, svc.users.admin, 'listChangeSets', {}));
    expect(own.json).toEqual({ listchangesetsresponse: {} });
  }, 30_000);
});
