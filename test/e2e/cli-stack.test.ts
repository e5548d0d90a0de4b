import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stacksExtension } from '../../src/runtime/stacks-extension';
import { startTestService, TestService } from '../support/service';
import { deleteStack, waitForJob } from '../support/stacks';

// The real CLI, as a script or an admin would run it: the compiled bin/csf in a child process
// whose stdout is a pipe (the non-terminal output), against a service started here.
const ROOT = resolve(__dirname, '../..');
const CSF = join(ROOT, 'bin/csf');
const FIXTURES = join(__dirname, 'fixtures');
const GOOD = join(FIXTURES, 'small-cluster.yaml');
const BROKEN = join(FIXTURES, 'no-such-template.yaml');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const EVENT_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000 \S+ \S+ [A-Z_]+( .+)?$/;

function csf(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    // Only what the test gives: no CSF_* or DATA_DIR of the developer's shell leaks in.
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CSF_') && k !== 'DATA_DIR'));
    const child = spawn(process.execPath, [CSF, 'stack', ...args], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

interface EventRow {
  timestamp: string;
  logicalid: string;
  resourcetype: string;
  status: string;
  statusreason?: string;
}

describe('csf stack (the compiled CLI against a running service)', () => {
  let svc: TestService;
  let emptyDataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/src/cli/stack/index.js'))) {
      throw new Error('dist/src/cli/stack/index.js is missing: run `npm run build` (npm ci does it through prepare) before the e2e tests');
    }
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
    emptyDataDir = mkdtempSync(join(tmpdir(), 'csf-cli-empty-'));
    env = { DATA_DIR: emptyDataDir, CSF_URL: svc.service.url, CSF_API_KEY: svc.users.alice.apikey, CSF_SECRET_KEY: svc.users.alice.secretkey };
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
    if (emptyDataDir) rmSync(emptyDataDir, { recursive: true, force: true });
  });

  async function stackNamed(name: string): Promise<Record<string, any>> {
    const answer = await svc.call('alice', { command: 'listStacks', name, response: 'json' });
    return answer.json!.liststacksresponse.stack[0];
  }

  async function eventLines(stackId: string): Promise<string[]> {
    const answer = await svc.call('alice', { command: 'listStackEvents', stackid: stackId, response: 'json' });
    const events = (answer.json!.liststackeventsresponse.stackevent as EventRow[]).slice().reverse();
    return events.map((e) => [e.timestamp, e.logicalid, e.resourcetype, e.status, e.statusreason].filter(Boolean).join(' '));
  }

  function secretsOf(run: Run): boolean {
    const all = run.stdout + run.stderr;
    return Object.values(svc.users).some((u) => all.includes(u.secretkey));
  }

  it('creates with --wait: one plain line per event, the summary and the outputs; exit 0', async () => {
    const run = await csf(['create', 'good', '--template', GOOD, '--param', 'MasterCount=3', '--wait'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const stack = await stackNamed('good');
    expect(stack.status).toBe('CREATE_COMPLETE');
    const lines = run.stdout.trimEnd().split('\n');
    const events = lines.filter((l) => EVENT_LINE.test(l));
    expect(events).toEqual(await eventLines(stack.id));
    expect(events[0]).toMatch(/ good AWS::CloudFormation::Stack CREATE_IN_PROGRESS User Initiated$/);
    expect(events.at(-1)).toMatch(/ good AWS::CloudFormation::Stack CREATE_COMPLETE$/);
    expect(events.filter((l) => / CREATE_COMPLETE$/.test(l)).map((l) => l.split(' ').slice(1, 3).join(' ')).sort()).toEqual([
      'Agent CloudStack::VirtualMachine',
      'Keys CloudStack::SSHKeyPair',
      'Masters CloudStack::VirtualMachineGroup',
      'good AWS::CloudFormation::Stack',
    ]);
    const outputs = Object.fromEntries((stack.outputs as Array<{ key: string; value: string }>).map((o) => [o.key, o.value]));
    expect(outputs.MasterIps.split(',')).toHaveLength(3);
    expect(lines.slice(events.length)).toEqual([
      expect.stringMatching(/^Stack good CREATE_COMPLETE after 0:\d\d \(3\/3 resources\)$/),
      'Outputs:',
      `  MasterIps  ${outputs.MasterIps}  private addresses of the masters`,
      `  AgentIp    ${outputs.AgentIp}`,
    ]);
    expect(secretsOf(run)).toBe(false);
  }, 60_000);

  it('exits 1 when the stack rolls back, with the events, the reason and CloudStack\'s errortext', async () => {
    const run = await csf(['create', 'broken', '--template', BROKEN, '--wait'], env);
    expect(run.code).toBe(1);
    const stack = await stackNamed('broken');
    expect(stack.status).toBe('ROLLBACK_COMPLETE');
    const lines = run.stdout.trimEnd().split('\n');
    const events = lines.filter((l) => EVENT_LINE.test(l));
    expect(events).toEqual(await eventLines(stack.id));
    expect(events.some((l) => / Broken CloudStack::VirtualMachine CREATE_FAILED .*NoSuchTemplate/.test(l))).toBe(true);
    expect(events.some((l) => / Keys CloudStack::SSHKeyPair DELETE_COMPLETE$/.test(l))).toBe(true);
    expect(lines.slice(events.length)).toEqual([
      expect.stringMatching(/^Stack broken ROLLBACK_COMPLETE after 0:\d\d \(2\/2 resources deleted\): The following resource\(s\) failed to create: \[Broken\]\.$/),
    ]);
    expect(run.stderr).toBe('csf: Stack broken ROLLBACK_COMPLETE: The following resource(s) failed to create: [Broken].\n');
  }, 60_000);

  it('lists the caller\'s stacks and prints a stack\'s events oldest first', async () => {
    const good = await stackNamed('good');
    const broken = await stackNamed('broken');
    const list = await csf(['list'], env);
    expect(list.code).toBe(0);
    const rows = list.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/));
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'CREATED', 'ID']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3]]).sort()).toEqual([
      ['broken', 'ROLLBACK_COMPLETE', broken.id],
      ['good', 'CREATE_COMPLETE', good.id],
    ]);

    const byName = await csf(['events', 'good'], env);
    expect(byName.code).toBe(0);
    expect(byName.stdout.trimEnd().split('\n')).toEqual(await eventLines(good.id));
    const byId = await csf(['events', good.id], env);
    expect(byId.stdout).toBe(byName.stdout);

    const missing = await csf(['events', 'nothing-here'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('csf: no stack nothing-here\n');
  }, 30_000);

  it('lists the account\'s exports with the stacks importing each', async () => {
    expect(await csf(['exports'], env)).toEqual({ code: 0, stdout: '', stderr: 'no exports\n' });
    const create = async (name: string, template: object) => {
      const answer = await svc.call('alice', { command: 'createStack', response: 'json', name, templatebody: JSON.stringify(template) }, { method: 'POST' });
      await waitForJob(svc, 'alice', answer.json!.createstackresponse.jobid);
    };
    const handle = { Type: 'AWS::CloudFormation::WaitConditionHandle' };
    await create('base', { Resources: { H: handle }, Outputs: { Zone: { Value: 'zone-advanced', Export: { Name: 'base-zone' } }, Free: { Value: 'x', Export: { Name: 'base-free' } } } });
    await create('user', { Resources: { H: handle }, Outputs: { Zone: { Value: { 'Fn::ImportValue': 'base-zone' } } } });
    const listed = await csf(['exports'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/))).toEqual([
      ['NAME', 'VALUE', 'STACK', 'IMPORTED', 'BY'],
      ['base-free', 'x', 'base', '-'],
      ['base-zone', 'zone-advanced', 'base', 'user'],
    ]);
    // The tests below count alice's stacks.
    for (const name of ['user', 'base']) await deleteStack(svc, 'alice', (await stackNamed(name)).id);
  }, 30_000);

  it('reads the URL and keys from <DATA_DIR>/credentials.json: the first User by default, --user to pick', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'csf-cli-creds-'));
    try {
      const user = (name: string) => {
        const u = svc.users[name];
        return { username: u.username, account: u.account, domain: u.domain, role: u.role, apikey: u.apikey, secretkey: u.secretkey };
      };
      writeFileSync(join(dataDir, 'credentials.json'), JSON.stringify({ managementServer: svc.simulator.url, service: svc.service.url, users: [user('admin'), user('alice'), user('bob')] }));
      const asAlice = await csf(['list'], { DATA_DIR: dataDir });
      expect(asAlice.code).toBe(0);
      expect(asAlice.stdout.split('\n').slice(1).map((l) => l.split(' ')[0]).filter(Boolean).sort()).toEqual(['broken', 'good']);
      const asBob = await csf(['list', '--user', 'bob'], { DATA_DIR: dataDir });
      expect(asBob).toEqual({ code: 0, stdout: '', stderr: 'no stacks\n' });
      const nobody = await csf(['list', '--user', 'carol'], { DATA_DIR: dataDir });
      expect(nobody.code).toBe(2);
      expect(nobody.stderr).toContain(`${join(dataDir, 'credentials.json')} has no user "carol"`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('deletes with --wait: only the delete\'s events, then exit 0 at DELETE_COMPLETE', async () => {
    const good = await stackNamed('good');
    const run = await csf(['delete', 'good', '--wait', '--url', svc.service.url, '--api-key', svc.users.alice.apikey, '--secret-key', svc.users.alice.secretkey], { DATA_DIR: emptyDataDir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    const events = lines.filter((l) => EVENT_LINE.test(l));
    const all = await eventLines(good.id);
    expect(events).toEqual(all.slice(all.length - events.length));
    expect(events[0]).toMatch(/ good AWS::CloudFormation::Stack DELETE_IN_PROGRESS User Initiated$/);
    expect(events.at(-1)).toMatch(/ good AWS::CloudFormation::Stack DELETE_COMPLETE$/);
    expect(events.filter((l) => l.includes('CREATE_'))).toEqual([]);
    expect(lines.slice(events.length)).toEqual([expect.stringMatching(/^Stack good DELETE_COMPLETE after 0:\d\d \(3\/3 resources deleted\)$/)]);
    const left = await svc.call('alice', { command: 'listStacks', name: 'good', response: 'json' });
    expect(left.json!.liststacksresponse).toEqual({});
    expect(secretsOf(run)).toBe(false);
  }, 60_000);

  it('without --wait answers the ids at once; API errors exit 1 with the errortext', async () => {
    const run = await csf(['create', 'quick', '--template', GOOD], env);
    expect(run.code).toBe(0);
    const quick = await stackNamed('quick');
    expect(run.stdout).toMatch(new RegExp(`^Creating stack quick: id=${quick.id} jobid=[0-9a-f-]{36}\\n$`));

    const duplicate = await csf(['create', 'quick', '--template', GOOD, '--wait'], env);
    expect(duplicate).toEqual({ code: 1, stdout: '', stderr: 'csf: Stack [quick] already exists (errorcode 431)\n' });

    const badKey = await csf(['list'], { ...env, CSF_SECRET_KEY: 'not-the-secret-key' });
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toBe('csf: unable to verify user credentials and/or request signature (errorcode 401)\n');
    expect(badKey.stdout + badKey.stderr).not.toContain('not-the-secret-key');

    const noSuchStack = await csf(['delete', 'nothing-here', '--wait'], env);
    expect(noSuchStack).toEqual({ code: 1, stdout: '', stderr: 'csf: no stack nothing-here\n' });
  }, 60_000);

  it.each([
    [[], 'stack needs a command: create, list, exports, events, update, plan, apply or delete'],
    [['launch'], 'unknown stack command "launch"'],
    [['create', 'x'], 'stack create needs --template FILE'],
    [['create', '--template', GOOD], 'stack create needs NAME'],
    [['create', 'x', '--template', GOOD, '--param', 'MasterCount'], '--param expects KEY=VALUE, got "MasterCount"'],
    [['create', 'x', '--template', GOOD, '--on-failure', 'maybe'], '--on-failure expects ROLLBACK, DO_NOTHING, DELETE, got "MAYBE"'],
    [['create', 'x', '--template', GOOD, '--timeout', '0'], '--timeout expects a whole number of minutes, got "0"'],
    [['create', 'x', '--template', join(FIXTURES, 'absent.yaml')], `cannot read template ${join(FIXTURES, 'absent.yaml')}: no such file`],
    [['list', '--wait'], '--wait does not apply to stack list'],
    [['list', '--colour'], 'unknown option --colour'],
    [['events'], 'stack events needs NAME|ID'],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const run = await csf(args as string[], env);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `csf stack: ${message}\n(csf stack --help for usage)\n` });
  }, 30_000);

  it('exits 2 when no credentials are to be found, naming where it looked', async () => {
    const run = await csf(['list'], { DATA_DIR: emptyDataDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`csf stack: no service URL: pass --url, set CSF_URL, or start \`csf serve\` so that it writes ${join(emptyDataDir, 'credentials.json')}\n(csf stack --help for usage)\n`);
    const halfKeys = await csf(['list', '--api-key', 'k'], env);
    expect(halfKeys.code).toBe(2);
    expect(halfKeys.stderr).toContain('--api-key is given without --secret-key');
  }, 30_000);
});
