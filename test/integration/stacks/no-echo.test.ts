import { Writable } from 'node:stream';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startTestService, type ApiAnswer, type TestService } from '../../support/service';
import { waitForJob } from '../../support/stacks';

const GIVEN = 'Zq7-hunter2-given';
const DEFAULTED = 'Kept-default-9x';
const SECRETS = [GIVEN, DEFAULTED];

const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };

/**
 * NoEcho values in six places where they make the resource fail with a message built from the
 * value: property type errors, names the lookup cannot find, and an id CloudStack itself refuses
 * by quoting it back. All six start at once (nothing depends on anything), so all six fail.
 */
const WRONG_PLACES = {
  Parameters: {
    Pw: { Type: 'String', NoEcho: true },
    Kept: { Type: 'String', NoEcho: true, Default: DEFAULTED },
    Size: { Type: 'Number', Default: '3' },
  },
  Resources: {
    Group: { Type: 'CloudStack::VirtualMachineGroup', Properties: { ...VM, Count: { Ref: 'Pw' } } },
    Disk: { Type: 'CloudStack::Volume', Properties: { Zone: 'zone-advanced', DiskOffering: 'Custom', Size: { Ref: 'Pw' } } },
    Firewall: { Type: 'CloudStack::FirewallRule', Properties: { IpAddressId: 'no-such-ip', Protocol: 'tcp', StartPort: { Ref: 'Kept' } } },
    InZone: { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, Zone: { Ref: 'Pw' } } },
    Sized: { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, ServiceOffering: { 'Fn::Sub': 'Small ${Pw}' } } },
    Forward: {
      Type: 'CloudStack::PortForwardingRule',
      Properties: { IpAddressId: { Ref: 'Pw' }, Protocol: 'tcp', PublicPort: 22, PrivatePort: 22, VirtualMachineId: 'no-such-vm' },
    },
  },
};

/** A stack that succeeds, with outputs that resolve to NoEcho values. */
const OUTPUTS = {
  Parameters: { Pw: { Type: 'String', NoEcho: true }, Kept: { Type: 'String', NoEcho: true, Default: DEFAULTED } },
  Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
  Outputs: {
    Plain: { Value: { Ref: 'Pw' } },
    Embedded: { Value: { 'Fn::Sub': 'mysql://admin:${Pw}@db/${Kept}' } },
  },
};

function expectNoSecret(what: string, text: string): void {
  for (const secret of SECRETS) {
    if (text.includes(secret)) throw new Error(`${what} shows a NoEcho value: ${text.slice(Math.max(0, text.indexOf(secret) - 200), text.indexOf(secret) + 100)}`);
  }
}

describe('NoEcho values never leave: not in events, resources, stacks, job results or logs', () => {
  let svc: TestService;
  const lines: string[] = [];
  const answers: Array<{ what: string; answer: ApiAnswer }> = [];

  const call = async (params: Record<string, string>): Promise<Record<string, any>> => {
    const answer = await svc.call('alice', { response: 'json', ...params }, { method: 'POST' });
    answers.push({ what: params.command, answer });
    expect(answer.status).toBe(200);
    return answer.json!;
  };

  beforeAll(async () => {
    const destination = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })], env: { LOG_LEVEL: 'trace' }, logDestination: destination });
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  it('masks the value in every reason built from it, and lists every parameter with NoEcho ones masked', async () => {
    const created = await call({
      command: 'createStack', name: 'wrong-places', templatebody: JSON.stringify(WRONG_PLACES), onfailure: 'DO_NOTHING',
      'parameters[0].key': 'Pw', 'parameters[0].value': GIVEN,
    });
    const { id, jobid } = created.createstackresponse;
    const job = await waitForJob(svc, 'alice', jobid);
    answers.push({ what: 'queryAsyncJobResult', answer: { status: 200, contentType: '', text: JSON.stringify(job) } });
    expect(job.jobstatus).toBe(2);

    const events = (await call({ command: 'listStackEvents', stackid: id })).liststackeventsresponse.stackevent as Array<Record<string, string>>;
    const failedReason = (logicalId: string) => events.find((e) => e.logicalid === logicalId && e.status === 'CREATE_FAILED')?.statusreason;
    expect(failedReason('Group')).toBe('Property Count must be a number, got "****"');
    expect(failedReason('Disk')).toBe('Property Size must be a number, got "****"');
    expect(failedReason('Firewall')).toBe('Property StartPort must be a number, got "****"');
    expect(failedReason('InZone')).toMatch(/zone "\*\*\*\*"/);
    expect(failedReason('Sized')).toMatch(/"Small \*\*\*\*"/);
    // CloudStack's own error text quotes the id it was sent.
    expect(failedReason('Forward')).toMatch(/value=\*\*\*\*.*\(CloudStack error 431\)$/);

    // listStackResources: each resource's last status reason, masked alike.
    const resources = (await call({ command: 'listStackResources', stackid: id })).liststackresourcesresponse.stackresource as Array<Record<string, string>>;
    expect(resources).toHaveLength(6);
    for (const resource of resources) {
      expect(resource.status).toBe('CREATE_FAILED');
      expect(resource.statusreason).toBe(failedReason(resource.logicalid));
    }

    const stack = (await call({ command: 'listStacks', id })).liststacksresponse.stack[0];
    expect(stack.status).toBe('CREATE_FAILED');
    // Every declared parameter, in template order: the one left at its default too.
    expect(stack.parameters).toEqual([{ key: 'Pw', value: '****' }, { key: 'Kept', value: '****' }, { key: 'Size', value: '3' }]);
    await call({ command: 'listAsyncJobs' });
  }, 60_000);

  it('masks outputs that hold a NoEcho value, in the job result and in listStacks', async () => {
    const created = await call({ command: 'createStack', name: 'secret-outputs', templatebody: JSON.stringify(OUTPUTS), 'parameters[0].key': 'Pw', 'parameters[0].value': GIVEN });
    const job = await waitForJob(svc, 'alice', created.createstackresponse.jobid);
    answers.push({ what: 'queryAsyncJobResult', answer: { status: 200, contentType: '', text: JSON.stringify(job) } });
    expect(job.jobstatus).toBe(1);
    const expected = [{ key: 'Plain', value: '****' }, { key: 'Embedded', value: 'mysql://admin:****@db/****' }];
    expect((job.jobresult as { stack: { outputs: unknown } }).stack.outputs).toEqual(expected);
    const stack = (await call({ command: 'listStacks', id: created.createstackresponse.id })).liststacksresponse.stack[0];
    expect(stack.outputs).toEqual(expected);
  }, 60_000);

  it('showed no NoEcho value in any answer or any log line', () => {
    expect(answers.length).toBeGreaterThan(8);
    for (const { what, answer } of answers) expectNoSecret(what, answer.text);
    // The failures were logged (with their masked reasons), so the log was really read.
    const failures = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'resource creation failed');
    expect(failures.map((l) => l.logicalId).sort()).toEqual(['Disk', 'Firewall', 'Forward', 'Group', 'InZone', 'Sized']);
    expect(failures.every((l) => String(l.reason).includes('****'))).toBe(true);
    lines.forEach((line, i) => expectNoSecret(`log line ${i}`, line));
  });
});
