import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudStackClient } from '../../src/client';
import { stacksExtension } from '../../src/runtime/stacks-extension';
import { startTestService, TestService } from '../support/service';
import { csfStack, EVENT_LINE, requireBuiltCli, type Run } from './run-csf';

const FIXTURES = join(__dirname, 'fixtures');
const V1 = join(FIXTURES, 'update-v1.yaml');
const V2 = join(FIXTURES, 'update-v2.yaml');
const BROKEN = join(FIXTURES, 'update-broken.yaml');
const REPLACING = 'Requested update requires the creation of a new physical resource; hence creating one.';

interface Row {
  logicalid: string;
  physicalid?: string;
  resourcetype: string;
  status: string;
  statusreason?: string;
  timestamp: string;
}

// One stack goes through the whole story, so the tests run in order and build on each other.
describe('csf stack update, plan and apply (the compiled CLI against a running service)', () => {
  let svc: TestService;
  let dataDir: string;
  let env: Record<string, string>;
  let stackId: string;
  let changeSetId: string;
  const csf = (args: string[]): Promise<Run> => csfStack(args, env);

  beforeAll(async () => {
    requireBuiltCli();
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
    dataDir = mkdtempSync(join(tmpdir(), 'csf-cli-update-'));
    env = { DATA_DIR: dataDir, CSF_URL: svc.service.url, CSF_API_KEY: svc.users.alice.apikey, CSF_SECRET_KEY: svc.users.alice.secretkey };
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function list(command: string, key: string, params: Record<string, string>): Promise<Array<Record<string, any>>> {
    const answer = await svc.call('alice', { command, ...params, response: 'json' });
    return answer.json![`${command.toLowerCase()}response`][key] ?? [];
  }

  const stack = async () => (await list('listStacks', 'stack', { id: stackId }))[0];
  const physicalIds = async () => Object.fromEntries((await list('listStackResources', 'stackresource', { stackid: stackId })).map((r) => [r.logicalid, r.physicalid]));
  /** The stack's status once no operation runs on it any more. */
  async function settled(): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { status } = await stack();
      if (!status.endsWith('_IN_PROGRESS') || Date.now() > deadline) return status;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  const changeSets = () => list('listChangeSets', 'changeset', { stackid: stackId });

  /** The stack's events as the CLI prints them without a terminal, oldest first. */
  async function eventLines(): Promise<string[]> {
    const events = (await list('listStackEvents', 'stackevent', { stackid: stackId })) as Row[];
    return events.reverse().map((e) => [e.timestamp, e.logicalid, e.resourcetype, e.status, e.statusreason].filter(Boolean).join(' '));
  }

  /** The run's event lines, with the CLI's notes taken off so they compare with the service's events. */
  function printedEvents(run: Run): string[] {
    return run.stdout.trimEnd().split('\n').filter((l) => EVENT_LINE.test(l)).map((l) => l.replace(/ \((old object|replacement) [^)]+\)$/, ''));
  }

  it('creates the stack the update tests change', async () => {
    const run = await csf(['create', 'grow', '--template', V1, '--wait']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    stackId = (await list('listStacks', 'stack', { name: 'grow' }))[0].id;
  }, 60_000);

  it('plans: a change set shown as a table, exit 2, the stack untouched and the change set kept', async () => {
    const before = await physicalIds();
    const run = await csf(['plan', 'grow', '--template', V2, '--param', 'GroupDescription=second']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    const sets = await changeSets();
    expect(sets).toHaveLength(1);
    changeSetId = sets[0].id;
    expect(sets[0]).toMatchObject({ name: expect.stringMatching(/^csf-plan-\d{8}-\d{6}-\d{3}$/), status: 'CREATE_COMPLETE', executionstatus: 'AVAILABLE' });
    const handleType = 'AWS::CloudFormation::WaitConditionHandle';
    const pad = (text: string) => text.padEnd(handleType.length);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      `Change set ${sets[0].name} of stack grow:`,
      '',
      `     LOGICAL ID  ${pad('TYPE')}  ${'PHYSICAL ID'.padEnd(36)}  ACTION`,
      `  ~  Handle      ${handleType}  ${before.Handle}  modify in place`,
      // The property column is aligned across the whole plan.
      '       Metadata:    edited in the template',
      `-/+  Group       ${pad('CloudStack::AffinityGroup')}  ${before.Group}  replace`,
      '       Description: parameter GroupDescription  # forces replacement',
      `  +  Keys        ${pad('CloudStack::SSHKeyPair')}  ${''.padEnd(36)}  add`,
      `  -  Spare       ${handleType}  ${before.Spare}  remove`,
      '',
      'Plan: 1 to add, 1 to change, 1 to replace, 1 to remove.',
      `Apply it with: csf stack apply ${changeSetId}`,
    ]);
    expect(await physicalIds()).toEqual(before);
    expect((await stack()).status).toBe('CREATE_COMPLETE');
  }, 60_000);

  it('applies with --wait: the update and its cleanup, the old group deleted under its own id; exit 0 at UPDATE_COMPLETE', async () => {
    const before = await physicalIds();
    const run = await csf(['apply', changeSetId, '--wait']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const after = await physicalIds();
    expect(Object.keys(after).sort()).toEqual(['Group', 'Handle', 'Keys']);
    expect(after.Handle).toBe(before.Handle);
    expect(after.Group).not.toBe(before.Group);
    const events = printedEvents(run);
    const all = await eventLines();
    expect(events).toEqual(all.slice(all.length - events.length));
    expect(events[0]).toMatch(/ grow AWS::CloudFormation::Stack UPDATE_IN_PROGRESS User Initiated$/);
    expect(events.at(-1)).toMatch(/ grow AWS::CloudFormation::Stack UPDATE_COMPLETE$/);
    expect(events.filter((l) => l.includes('CREATE_COMPLETE ') || l.endsWith('CREATE_COMPLETE'))).toEqual([expect.stringMatching(/ Keys CloudStack::SSHKeyPair CREATE_COMPLETE$/)]);
    expect(events).toContainEqual(expect.stringMatching(new RegExp(` Group CloudStack::AffinityGroup UPDATE_IN_PROGRESS ${REPLACING.replace(/[.;]/g, '\\$&')}$`)));
    const cleanup = events.slice(events.findIndex((l) => l.includes('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS')));
    expect(cleanup.map((l) => l.split(' ').slice(1).join(' ')).sort()).toEqual([
      'Group CloudStack::AffinityGroup DELETE_COMPLETE',
      'Group CloudStack::AffinityGroup DELETE_IN_PROGRESS',
      'Spare AWS::CloudFormation::WaitConditionHandle DELETE_COMPLETE',
      'Spare AWS::CloudFormation::WaitConditionHandle DELETE_IN_PROGRESS',
      'grow AWS::CloudFormation::Stack UPDATE_COMPLETE',
      'grow AWS::CloudFormation::Stack UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
    ]);
    // The CLI names the object a cleanup DELETE is of: the group's old one, not the group.
    expect(run.stdout).toContain(`Group CloudStack::AffinityGroup DELETE_COMPLETE (old object ${before.Group})\n`);
    const lines = run.stdout.trimEnd().split('\n');
    // The Metadata-only change asks nothing of CloudStack: the bar counts the three that do.
    expect(lines.slice(lines.length - 4)).toEqual([
      expect.stringMatching(/^Stack grow UPDATE_COMPLETE after 0:\d\d \(3\/3 changed\)$/),
      'Outputs:',
      `  GroupId  ${after.Group}`,
      `  KeyName  ${after.Keys}`,
    ]);
    expect((await stack()).status).toBe('UPDATE_COMPLETE');
    expect((await changeSets()).map((c) => c.executionstatus)).toEqual(['EXECUTE_COMPLETE']);
  }, 60_000);

  it('plans again with nothing to change: exit 0, and the failed change set is not left behind', async () => {
    // GroupDescription is left out: it keeps "second", as the stack has it.
    const run = await csf(['plan', 'grow', '--template', V2, '--change-set', 'nothing-new']);
    expect(run).toEqual({ code: 0, stdout: 'No changes. Stack grow matches the template and parameter values.\n', stderr: '' });
    expect((await changeSets()).map((c) => c.name)).not.toContain('nothing-new');
  }, 60_000);

  it('updates with --wait and a new parameter value: the group replaced, exit 0; the same update again has nothing to do', async () => {
    const before = await physicalIds();
    // By id this time: update finds a stack by either.
    const run = await csf(['update', stackId, '--use-previous-template', '--param', 'GroupDescription=third', '--wait']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const after = await physicalIds();
    expect(after.Group).not.toBe(before.Group);
    expect({ ...after, Group: undefined }).toEqual({ ...before, Group: undefined });
    const events = printedEvents(run);
    expect(events.map((l) => l.split(' ').slice(1, 4).join(' '))).toEqual([
      'grow AWS::CloudFormation::Stack UPDATE_IN_PROGRESS',
      'Group CloudStack::AffinityGroup UPDATE_IN_PROGRESS',
      'Group CloudStack::AffinityGroup UPDATE_COMPLETE',
      'grow AWS::CloudFormation::Stack UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'Group CloudStack::AffinityGroup DELETE_IN_PROGRESS',
      'Group CloudStack::AffinityGroup DELETE_COMPLETE',
      'grow AWS::CloudFormation::Stack UPDATE_COMPLETE',
    ]);
    expect(run.stdout).toMatch(/\nStack grow UPDATE_COMPLETE after 0:\d\d \(1 changed\)\nOutputs:\n/);
    // On the management server: one group left, the new one, described by the new value.
    const simulator = new CloudStackClient({ url: svc.simulator.url, apiKey: svc.users.alice.apikey, secretKey: svc.users.alice.secretkey });
    try {
      const groups = await simulator.listAll<{ id: string; description: string }>('listAffinityGroups', {}, 'affinitygroup');
      expect(groups.map((g) => [g.id, g.description])).toEqual([[after.Group, 'third']]);
    } finally {
      simulator.close();
    }

    const again = await csf(['update', 'grow', '--use-previous-template', '--param', 'GroupDescription=third', '--wait']);
    expect(again).toEqual({ code: 0, stdout: 'No updates are to be performed.\n', stderr: '' });
  }, 60_000);

  it('exits 1 when the update rolls back, with the reason; the stack is as it was', async () => {
    const before = await physicalIds();
    const run = await csf(['update', 'grow', '--template', BROKEN, '--wait']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('csf: Stack grow UPDATE_ROLLBACK_COMPLETE: The following resource(s) failed to update: [Broken].\n');
    const events = printedEvents(run);
    expect(events).toContainEqual(expect.stringMatching(/ Broken CloudStack::VirtualMachine CREATE_FAILED .*NoSuchTemplate/));
    expect(events.at(-1)).toMatch(/ grow AWS::CloudFormation::Stack UPDATE_ROLLBACK_COMPLETE The following resource\(s\) failed to update: \[Broken\]\.$/);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Stack grow UPDATE_ROLLBACK_COMPLETE after 0:\d\d \(1 rolled back\): The following resource\(s\) failed to update: \[Broken\]\.$/);
    expect(await physicalIds()).toEqual(before);
    expect((await stack()).status).toBe('UPDATE_ROLLBACK_COMPLETE');
  }, 60_000);

  it('without --wait answers the ids at once', async () => {
    const plan = await csf(['plan', stackId, '--use-previous-template', '--param', 'GroupDescription=fourth', '--change-set', 'fourth']);
    expect(plan.code).toBe(2);
    const id = /csf stack apply (\S+)\n$/.exec(plan.stdout)![1];
    const run = await csf(['apply', id]);
    expect(run).toEqual({ code: 0, stdout: expect.stringMatching(new RegExp(`^Applying change set fourth to stack grow: id=${stackId} jobid=[0-9a-f-]{36}\\n$`)), stderr: '' });
    expect(await settled()).toBe('UPDATE_COMPLETE');
    const update = await csf(['update', 'grow', '--use-previous-template', '--param', 'GroupDescription=fifth']);
    expect(update).toEqual({ code: 0, stdout: expect.stringMatching(new RegExp(`^Updating stack grow: id=${stackId} jobid=[0-9a-f-]{36}\\n$`)), stderr: '' });
    expect(await settled()).toBe('UPDATE_COMPLETE');
  }, 60_000);

  it('exits 1 with the service\'s errortext: an unknown stack, a change set already applied', async () => {
    expect(await csf(['update', 'nothing-here', '--use-previous-template'])).toEqual({ code: 1, stdout: '', stderr: 'csf: no stack nothing-here\n' });
    const plan = await csf(['plan', 'nothing-here', '--use-previous-template']);
    expect(plan).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^csf: Stack \[nothing-here\] does not exist \(errorcode \d+\)\n$/) });
    const applied = await csf(['apply', changeSetId, '--wait']);
    expect(applied).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(new RegExp(`^csf: ChangeSet \\[${changeSetId}\\] cannot be executed in its current execution status of \\[EXECUTE_COMPLETE\\] \\(errorcode 431\\)\\n$`)) });
  }, 60_000);

  it.each([
    [['update', 'grow'], 'stack update needs --template FILE or --use-previous-template'],
    [['update', 'grow', '--template', join(FIXTURES, 'absent.yaml')], `cannot read template ${join(FIXTURES, 'absent.yaml')}: no such file`],
    [['plan', 'grow', '--template', V2, '--wait'], '--wait does not apply to stack plan'],
    [['apply', 'csf-plan-1'], 'stack apply needs the change set\'s id (a UUID, as stack plan prints it), got "csf-plan-1"'],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    expect(await csf(args as string[])).toEqual({ code: 2, stdout: '', stderr: `csf stack: ${message}\n(csf stack --help for usage)\n` });
  }, 30_000);
});
