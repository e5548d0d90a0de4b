import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startTestService, TestService } from '../../support/service';
import { SimulatorClients } from '../../support/stacks';
import { buildStack, fileIn, membersNamed, parseCloudConfig, readExample, runScript, userDataOf } from './example-stacks';

/**
 * The masters' ZooKeeper configuration, as examples/mesos-cluster.yaml renders it, run for real:
 * three Debian ZooKeeper servers (the zookeeper package; .ci/run installs it), each in a network
 * namespace of its own holding its master's rendered address, joined by a bridge. Only dataDir
 * is moved to a scratch directory (the package's /var/lib/zookeeper is the host's).
 */

const CLASSPATH = '/etc/zookeeper/conf_example:/usr/share/java/zookeeper.jar';
const PREFIX = `csfzk${process.pid % 100000}`;

/** Runs a command; resolves with what it printed (stdout, then stderr: zkCli reports on either). */
function run(command: string, args: string[], timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')}: ${stderr || err.message}`));
      else resolve(`${stdout}${stderr}`);
    });
  });
}

interface Server {
  index: number;
  ip: string;
  netns: string;
  process?: ChildProcess;
}

let svc: TestService;
let clients: SimulatorClients;
let scratch: string;
let servers: Server[] = [];
let skipReason: string | undefined;
const namespaces: string[] = [];

/** ZooKeeper's `srvr` four-letter word, sent from inside a namespace to ip:2181. */
async function srvr(from: Server, to: Server): Promise<string> {
  const script = `const s=require('net').connect(2181,${JSON.stringify(to.ip)},()=>s.end('srvr'));let o='';s.on('data',d=>o+=d);s.on('close',()=>process.stdout.write(o));s.on('error',e=>process.stdout.write('error '+e.code));`;
  return run('ip', ['netns', 'exec', from.netns, process.execPath, '-e', script]).catch((err: Error) => `error ${err.message}`);
}

async function modeOf(server: Server): Promise<string> {
  return /Mode: (\w+)/.exec(await srvr(server, server))?.[1] ?? 'not serving';
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function leaderAmong(candidates: Server[]): Promise<Server | undefined> {
  const modes = await Promise.all(candidates.map(modeOf));
  const leaders = candidates.filter((_, i) => modes[i] === 'leader');
  const followers = modes.filter((m) => m === 'follower').length;
  return leaders.length === 1 && followers === candidates.length - 1 ? leaders[0] : undefined;
}

async function zkCli(from: Server, ...command: string[]): Promise<string> {
  return run('ip', ['netns', 'exec', from.netns, 'java', '-cp', CLASSPATH, 'org.apache.zookeeper.ZooKeeperMain', '-server', `${from.ip}:2181`, ...command], 60_000);
}

beforeAll(async () => {
  svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
  clients = new SimulatorClients(svc);
  const template = await readExample('mesos-cluster.yaml');
  await buildStack(svc, 'zk-real', template, {
    ClusterName: 'zkreal', MasterCount: '3', AgentCount: '1', Zone: 'zone-advanced', ZoneKind: 'isolated',
    MasterOffering: 'Small Instance', AgentOffering: 'Small Instance', AdminCidr: '203.0.113.0/24', EnableChronos: 'false',
  });
  const masters = await membersNamed(clients, 'zkreal-master');
  scratch = await mkdtemp(join(tmpdir(), 'csf-zk-'));
  try {
    await run('ip', ['netns', 'add', `${PREFIX}hub`]);
    namespaces.push(`${PREFIX}hub`);
  } catch (err) {
    skipReason = `network namespaces cannot be created here: ${(err as Error).message}`;
    return;
  }
  await run('ip', ['-n', `${PREFIX}hub`, 'link', 'add', 'br0', 'type', 'bridge']);
  await run('ip', ['-n', `${PREFIX}hub`, 'link', 'set', 'br0', 'up']);
  servers = masters.map((vm, i) => ({ index: i + 1, ip: vm.nic[0].ipaddress, netns: `${PREFIX}m${i + 1}` }));
  for (const [i, vm] of masters.entries()) {
    const server = servers[i];
    await run('ip', ['netns', 'add', server.netns]);
    namespaces.push(server.netns);
    await run('ip', ['link', 'add', `${PREFIX}v${server.index}`, 'netns', `${PREFIX}hub`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', server.netns]);
    await run('ip', ['-n', `${PREFIX}hub`, 'link', 'set', `${PREFIX}v${server.index}`, 'master', 'br0', 'up']);
    await run('ip', ['-n', server.netns, 'addr', 'add', `${server.ip}/22`, 'dev', 'eth0']);
    await run('ip', ['-n', server.netns, 'link', 'set', 'eth0', 'up']);
    await run('ip', ['-n', server.netns, 'link', 'set', 'lo', 'up']);
    // The master's own rendered files: zoo.cfg and myid from its configure script.
    const config = parseCloudConfig(await userDataOf(clients, vm));
    const tree = await runScript('bash', fileIn(config, '/usr/local/sbin/mesos-master-configure'));
    const dataDir = join(scratch, `data${server.index}`);
    await mkdir(dataDir, { recursive: true });
    try {
      await writeFile(join(dataDir, 'myid'), (await tree.read('etc/zookeeper/conf/myid'))!);
      const zooCfg = (await tree.read('etc/zookeeper/conf/zoo.cfg'))!;
      expect(zooCfg).toContain('dataDir=/var/lib/zookeeper\n');
      await writeFile(join(scratch, `zoo${server.index}.cfg`), zooCfg.replace('dataDir=/var/lib/zookeeper\n', `dataDir=${dataDir}\n`));
    } finally {
      await tree.cleanup();
    }
  }
  for (const server of servers) {
    server.process = spawn('ip', ['netns', 'exec', server.netns, 'java', '-cp', CLASSPATH, `-Dzookeeper.log.dir=${scratch}`, 'org.apache.zookeeper.server.quorum.QuorumPeerMain', join(scratch, `zoo${server.index}.cfg`)], { stdio: 'ignore' });
  }
}, 240_000);

afterAll(async () => {
  for (const server of servers) server.process?.kill('SIGKILL');
  for (const ns of namespaces.reverse()) await run('ip', ['netns', 'del', ns]).catch(() => undefined);
  if (scratch) await rm(scratch, { recursive: true, force: true });
  clients?.close();
  await svc?.stop();
});

describe('the rendered ZooKeeper ensemble on Debian ZooKeeper in network namespaces', () => {
  it('elects one leader, re-elects when it stops, takes a write with two of three, and refuses service with one', async () => {
    if (skipReason) {
      console.log(`skipped: ${skipReason}`);
      return;
    }
    const leader = await waitFor('a leader and two followers', () => leaderAmong(servers));
    // AdminServer is off (admin.enableServer=false): nothing listens on 8080, Marathon's port.
    const admin = await run('ip', ['netns', 'exec', leader.netns, process.execPath, '-e', `require('net').connect(8080,${JSON.stringify(leader.ip)}).on('connect',()=>{console.log('open');process.exit(0)}).on('error',e=>{console.log(e.code);process.exit(0)})`]);
    expect(admin.trim()).toBe('ECONNREFUSED');

    leader.process!.kill('SIGKILL');
    const rest = servers.filter((s) => s !== leader);
    const next = await waitFor('a new leader among the other two', () => leaderAmong(rest));
    expect(rest).toContain(next);
    const created = await zkCli(rest[0], 'create', '/csf-two-of-three', 'written');
    expect(created).toContain('Created /csf-two-of-three');
    expect(await zkCli(rest[1], 'get', '/csf-two-of-three')).toContain('written');

    next.process!.kill('SIGKILL');
    const last = rest.find((s) => s !== next)!;
    await waitFor('the last server to stop serving', async () => ((await modeOf(last)) === 'not serving' ? true : undefined));
    expect(await srvr(last, last)).toMatch(/not currently serving requests|error/);
  }, 180_000);
});
