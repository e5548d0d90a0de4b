import { createStack, getStack, stackEvents, waitForJob } from '../../support/stacks';
import { buildStack, fileIn, membersNamed, parameterFields, parseCloudConfig, SimVm, validUserData } from './example-stacks';
import { clusterParameters, useMesosEmulator, withShortReadyTimeout } from './mesos-emulator-environment';

/**
 * The cluster emulator against examples/mesos-cluster.yaml: the shipped template completes
 * because the emulated cluster formed (ZooKeeper quorum, an elected master, registered agents,
 * Marathon and Chronos as frameworks), its endpoints answer as Mesos and Marathon would, a root
 * admin sets its load; and five mis-wired variants of the template each leave a wait condition
 * unsignalled, so the stack rolls back with a reason naming it.
 */

interface EmulatedNetwork {
  networkid: string;
  zookeeper: Array<{ servers: string; formed: boolean; voters: string[]; leader?: string }>;
  cluster: Array<{ name: string; zkpath: string; quorum?: number; masters: string[]; leader?: string; leaderip?: string; agents: Array<{ name: string; cpus: number; mem: number }>; frameworks: string[]; cpustotal?: number; cpusused?: number; memtotal?: number; memused?: number }>;
  problems: string[];
  pendingsignals: string[];
}

const SECRET = 'Zk3-frameworks.Secret~1';

const env = useMesosEmulator();

function parameters(cluster: string, extra: Record<string, string> = {}): Record<string, string> {
  return clusterParameters(cluster, 2, { ...extra });
}

async function emulatedNetwork(vm: SimVm): Promise<EmulatedNetwork> {
  const answer = await env.clients.as('admin').request<{ emulatednetwork?: EmulatedNetwork[] }>('listEmulatedClusters', { networkid: vm.nic[0].networkid });
  expect(answer.emulatednetwork).toHaveLength(1);
  return answer.emulatednetwork![0];
}

/** GET on the simulator's emulated endpoint of a VM's port, as a tool inside the network would. */
async function endpoint(vm: SimVm, port: number, path: string): Promise<{ status: number; text: string; location: string | null }> {
  const base = env.svc.simulator.url.replace(/\/client\/api$/, '');
  const response = await fetch(`${base}/emulator/${vm.id}/${port}${path}`, { redirect: 'manual' });
  return { status: response.status, text: await response.text(), location: response.headers.get('location') };
}

describe('the shipped template on the cluster emulator', () => {
  let masters: SimVm[];
  let agents: SimVm[];
  let publicAgents: SimVm[];
  let publicIp: string;

  beforeAll(async () => {
    const built = await buildStack(env.svc, 'emu-good', env.template, parameters('good', { EnableChronos: 'true', EnableMarathonLb: 'true', FrameworkSecret: SECRET, PublicAgentCount: '1' })).catch(async (err: Error) => {
      const [vm] = await membersNamed(env.clients, 'good-master');
      throw new Error(`${err.message}\n${vm ? JSON.stringify(await emulatedNetwork(vm), null, 1) : ''}`);
    });
    masters = await membersNamed(env.clients, 'good-master');
    agents = await membersNamed(env.clients, 'good-agent');
    publicAgents = await membersNamed(env.clients, 'good-public');
    publicIp = built.outputs.PublicIp;
  }, 180_000);

  it('completes because the emulated cluster formed: a quorum, a leader, both agents, both frameworks', async () => {
    const network = await emulatedNetwork(masters[0]);
    expect(network.problems).toEqual([]);
    expect(network.pendingsignals).toEqual([]);
    expect(network.zookeeper).toEqual([{
      servers: masters.map((vm, i) => `${i + 1}=${vm.nic[0].ipaddress}`).join(','), size: 3, formed: true,
      voters: expect.arrayContaining(masters.map((vm) => vm.name)), leader: expect.any(String),
    }]);
    expect(network.cluster).toHaveLength(1);
    const [cluster] = network.cluster;
    expect(cluster).toMatchObject({ name: 'good', zkpath: '/mesos', quorum: 2, frameworks: ['marathon', 'chronos'] });
    expect(cluster.masters.sort()).toEqual(masters.map((vm) => vm.name).sort());
    expect(masters.map((vm) => vm.name)).toContain(cluster.leader);
    // Medium Instance: 2 CPUs, 4096 MB; Mesos offers all but 1 GB of memory from 2 GB up.
    expect(publicAgents.map((vm) => vm.name)).toEqual(['good-public-1']);
    expect(cluster.agents.map((a) => [a.name, a.cpus, a.mem]).sort()).toEqual([...agents, ...publicAgents].map((vm) => [vm.name, 2, 3072]).sort());
  });

  it('serves the Mesos master endpoints: the leader\'s state and metrics, a standby\'s redirect', async () => {
    const { cluster: [cluster] } = await emulatedNetwork(masters[0]);
    const leader = masters.find((vm) => vm.name === cluster.leader)!;
    const standby = masters.find((vm) => vm !== leader)!;
    expect((await endpoint(standby, 5050, '/master/health')).status).toBe(200);
    const redirect = await endpoint(standby, 5050, '/master/redirect');
    expect([redirect.status, redirect.location]).toEqual([307, `//${leader.nic[0].ipaddress}:5050`]);
    expect((await endpoint(standby, 5050, '/master/state')).location).toBe(`//${leader.nic[0].ipaddress}:5050/master/state`);
    const state = JSON.parse((await endpoint(leader, 5050, '/master/state')).text);
    expect(state).toMatchObject({ cluster: 'good', leader: `master@${leader.nic[0].ipaddress}:5050`, activated_slaves: 3 });
    expect(state.slaves.map((s: { hostname: string }) => s.hostname).sort()).toEqual([...agents, ...publicAgents].map((vm) => vm.nic[0].ipaddress).sort());
    expect(state.frameworks.map((f: { name: string }) => f.name)).toEqual(['marathon', 'chronos']);
    // Both registered with FrameworkSecret, which the leader requires (--authenticate_frameworks).
    const frameworks = await endpoint(standby, 5050, '/master/frameworks');
    expect([frameworks.status, frameworks.location]).toEqual([307, `//${leader.nic[0].ipaddress}:5050/master/frameworks`]);
    expect(JSON.parse((await endpoint(leader, 5050, '/master/frameworks')).text).frameworks.map((f: { name: string }) => f.name)).toEqual(['marathon', 'chronos']);
    expect(JSON.parse((await endpoint(standby, 5050, '/metrics/snapshot')).text)['master/elected']).toBe(0);
    const info = JSON.parse((await endpoint(masters[0], 8080, '/v2/info')).text);
    expect(info).toMatchObject({ name: 'marathon', zookeeper_config: { zk: `zk://${masters.map((vm) => `${vm.nic[0].ipaddress}:2181`).join(',')}/marathon` } });
    expect(masters.map((vm) => `${vm.nic[0].ipaddress}:8080`)).toContain(info.leader);
    expect(JSON.parse((await endpoint(agents[0], 5051, '/metrics/snapshot')).text)['slave/registered']).toBe(1);
    // With a public agent, Marathon-LB runs there and not on the private agents.
    expect((await endpoint(publicAgents[0], 9090, '/_haproxy_health_check')).status).toBe(200);
    expect((await endpoint(agents[0], 9090, '/_haproxy_health_check')).status).toBe(502);
    // Nothing listens on a port no service holds, and an unknown VM is not found.
    expect((await endpoint(agents[0], 5050, '/master/health')).status).toBe(502);
    expect((await fetch(`${env.svc.simulator.url.replace(/\/client\/api$/, '')}/emulator/00000000-0000-0000-0000-000000000000/5050/master/health`)).status).toBe(404);
  });

  it('forwards the Mesos UI on every master (the load balancer\'s members) to the leader, also after the leader stops', async () => {
    const { cluster: [cluster] } = await emulatedNetwork(masters[0]);
    const leaderIp = cluster.leaderip;
    for (const vm of masters) {
      const through = await endpoint(vm, 5080, '/master/state');
      expect([through.status, JSON.parse(through.text).leader]).toEqual([200, `master@${leaderIp}:5050`]);
    }
    // Without HAProxy a standby sends the browser to the leader's private address.
    const standby = masters.find((vm) => vm.nic[0].ipaddress !== leaderIp)!;
    expect((await endpoint(standby, 5050, '/master/state')).status).toBe(307);
  });

  it('puts port 80 of the public IP on the public agent only, whose user data gives it the slave_public role', async () => {
    const api = env.clients.as('alice');
    const [ip] = await api.listAll<{ id: string }>('listPublicIpAddresses', { ipaddress: publicIp }, 'publicipaddress');
    const rules = await api.listAll<{ id: string; publicport: string }>('listLoadBalancerRules', { publicipid: ip.id }, 'loadbalancerrule');
    const apps = rules.find((r) => r.publicport === '80')!;
    const members = await api.listAll<{ id: string }>('listLoadBalancerRuleInstances', { id: apps.id }, 'loadbalancerruleinstance');
    expect(members.map((vm) => vm.id)).toEqual(publicAgents.map((vm) => vm.id));
    const userData = parseCloudConfig(await validUserData(env.clients, publicAgents[0]));
    expect(fileIn(userData, '/etc/systemd/system/mesos-agent.service')).toContain(' --default_role=slave_public\n');
    expect(fileIn(userData, '/usr/local/sbin/mesos-agent-ready')).toContain('"UniqueId":"public-1"');
    const privateData = parseCloudConfig(await validUserData(env.clients, agents[0]));
    expect((privateData.write_files ?? []).map((f) => f.path)).not.toContain('/etc/systemd/system/marathon-lb.service');
    expect(fileIn(privateData, '/etc/systemd/system/mesos-agent.service')).not.toContain('default_role');
  });

  it('lets the root admin set the cluster\'s load, which the leader reports', async () => {
    const { cluster: [cluster] } = await emulatedNetwork(masters[0]);
    const leader = masters.find((vm) => vm.name === cluster.leader)!;
    await env.clients.as('admin').request('setEmulatedClusterLoad', { virtualmachineid: agents[0].id, cpusused: '1.5', memused: '8000' });
    const metrics = JSON.parse((await endpoint(leader, 5050, '/metrics/snapshot')).text);
    // Memory in use never exceeds what the agents offer.
    expect(metrics).toMatchObject({ 'master/elected': 1, 'master/cpus_total': 6, 'master/cpus_used': 1.5, 'master/cpus_percent': 0.25, 'master/mem_total': 9216, 'master/mem_used': 8000, 'master/slaves_active': 3 });
    await expect(env.clients.as('admin').request('setEmulatedClusterLoad', { virtualmachineid: agents[0].id, cpusused: '-1', memused: '0' })).rejects.toThrow(/cpusused/);
    await expect(env.clients.as('alice').request('setEmulatedClusterLoad', { virtualmachineid: agents[0].id, cpusused: '1', memused: '0' })).rejects.toThrow();
    await expect(env.clients.as('alice').request('listEmulatedClusters', {})).rejects.toThrow();
  });
});

interface MisWiring {
  name: string;
  user: 'alice' | 'bob';
  masters: number;
  /** The wait condition that must time out. */
  waitCondition: 'MastersReady' | 'AgentsReady';
  /** What the emulator must name as the reason the cluster did not form. */
  problem: RegExp;
  /** [text in the template, its broken replacement] pairs. */
  edits: Array<[string, string]>;
  parameters?: Record<string, string>;
}

const MIS_WIRINGS: MisWiring[] = [
  {
    name: 'myid-order', user: 'alice', masters: 3, waitCondition: 'MastersReady',
    problem: /ZooKeeper myid 3 names 10\.[\d.]+, not this VM/,
    // Masters 1 and 3 each take the other's myid.
    edits: [['echo "$MY_INDEX" > "$DESTDIR/etc/zookeeper/conf/myid"', 'echo "$((4 - MY_INDEX))" > "$DESTDIR/etc/zookeeper/conf/myid"']],
  },
  {
    name: 'missing-server', user: 'alice', masters: 3, waitCondition: 'MastersReady',
    problem: /ZooKeeper myid 1 is not in its server list/,
    // Each master lists only its peers, not itself.
    edits: [[`awk '{ print "server."`, `awk -v me="$MY_INDEX" 'NR != me { print "server."`]],
  },
  {
    name: 'even-quorum', user: 'bob', masters: 4, waitCondition: 'MastersReady',
    problem: /--quorum=2 is not a majority of 4 masters/,
    edits: [["AllowedValues: ['1', '3', '5']", "AllowedValues: ['1', '3', '4', '5']"], ["'3': { Quorum: '2' }", "'3': { Quorum: '2' }\n    '4': { Quorum: '2' }"]],
  },
  {
    name: 'agent-path', user: 'bob', masters: 3, waitCondition: 'AgentsReady',
    problem: /mesos-agent --master zk:\/\/\.\.\.\/mesos-agents finds no leading master/,
    edits: [['--master=zk://${ZkHosts}:2181/mesos ', '--master=zk://${ZkHosts}:2181/mesos-agents ']],
  },
  {
    name: 'loopback-master', user: 'alice', masters: 3, waitCondition: 'MastersReady',
    problem: /mesos-master advertises 127\.0\.1\.1/,
    // No --ip, and /etc/hosts left as Ubuntu has it: the hostname resolves to 127.0.1.1.
    edits: [
      ['--quorum=$QUORUM --ip=$MY_IP --hostname=$MY_IP ', '--quorum=$QUORUM '],
      ['          runcmd:\n            - [sh, /usr/local/sbin/pin-hostname-to-private-ip]\n            - [bash, /usr/local/sbin/mesos-master-configure]', '          runcmd:\n            - [bash, /usr/local/sbin/mesos-master-configure]'],
    ],
  },
  {
    name: 'framework-secret', user: 'bob', masters: 3, waitCondition: 'MastersReady',
    problem: /marathon is refused by the leading master: framework authentication failed for principal marathon/,
    // Marathon's secret file ends in a newline, so its secret no longer matches the masters'.
    edits: [[`printf '%s' "$FRAMEWORK_SECRET" > "$DESTDIR/etc/marathon/secret"`, `echo "$FRAMEWORK_SECRET" > "$DESTDIR/etc/marathon/secret"`]],
    parameters: { FrameworkSecret: SECRET },
  },
];

function misWired(edits: MisWiring['edits']): string {
  // Short waits: the wait conditions time out within seconds instead of half an hour.
  let text = withShortReadyTimeout(env.template);
  for (const [from, to] of edits) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

async function problemsUntil(pattern: RegExp, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let problems: string[] = [];
  while (Date.now() < deadline) {
    const answer = await env.clients.as('admin').request<{ emulatednetwork?: EmulatedNetwork[] }>('listEmulatedClusters', {});
    problems = (answer.emulatednetwork ?? []).flatMap((n) => n.problems);
    if (problems.some((p) => pattern.test(p))) return problems;
    await new Promise((r) => setTimeout(r, 250));
  }
  return problems;
}

interface MisWiredOutcome {
  problems: string[];
  status: unknown;
  failed: string[];
}

describe('mis-wired variants of the template: the wait condition times out and the stack rolls back', () => {
  const outcomes = new Map<string, MisWiredOutcome>();

  // The five stacks run at once (bob holds two, so that neither account passes its VM limit).
  beforeAll(async () => {
    await Promise.all(MIS_WIRINGS.map(async (wiring) => {
      const cluster = `bad-${wiring.name}`.slice(0, 31);
      const fields = parameterFields(parameters(cluster, { MasterCount: String(wiring.masters), AgentCount: '1', ReadyTimeout: '12', EnableChronos: 'false', ...wiring.parameters }));
      const { id, jobid } = await createStack(env.svc, wiring.user, `emu-${wiring.name}`, misWired(wiring.edits), fields);
      // While the stack waits, the emulator says why the cluster did not form.
      const problems = (await problemsUntil(wiring.problem, 60_000)).filter((p) => p.includes(cluster));
      const job = await waitForJob(env.svc, wiring.user, jobid, 120_000);
      const failed = (await stackEvents(env.svc, wiring.user, id)).filter((e) => e.status === 'CREATE_FAILED').map((e) => `${e.logicalid}: ${e.statusreason}`);
      expect(job.jobstatus).toBe(2);
      outcomes.set(wiring.name, { problems, status: (await getStack(env.svc, wiring.user, id))?.status, failed });
    }));
  }, 240_000);

  it.each(MIS_WIRINGS.map((m) => [m.name, m] as const))('%s', (name, wiring) => {
    const outcome = outcomes.get(name)!;
    expect(outcome.problems.some((p) => wiring.problem.test(p))).toBe(true);
    expect(outcome.status).toBe('ROLLBACK_COMPLETE');
    const expecting = wiring.waitCondition === 'AgentsReady' ? 1 : wiring.masters;
    expect(outcome.failed).toContainEqual(`${wiring.waitCondition}: WaitCondition ${wiring.waitCondition} timed out. Received 0 conditions when expecting ${expecting}`);
  });
});
