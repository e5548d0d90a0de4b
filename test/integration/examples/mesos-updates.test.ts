import { getStack, stackEvents, stackResources, useStackTestEnvironment, waitForJob } from '../../support/stacks';
import {
  buildStack, BuiltStack, CloudConfig, directive, fileIn, membersNamed, outputsOf, parameterFields, parseCloudConfig, readExample, runScript, SimVm, userDataOf, validUserData,
} from './example-stacks';

/**
 * examples/mesos-cluster.yaml living on (issue 10): 3 masters and 5 agents with Marathon-LB in an
 * isolated zone; a change set for AgentCount 8, executed; an updateStack to AgentCount 3; a change
 * set for MasterCount 5. What must hold throughout: the masters (ZooKeeper's ensemble) are never
 * touched by the agents' count, the agents that stay are not touched either, new agents know every
 * master, and the load balancer in front of the agents follows them.
 */

const env = useStackTestEnvironment();

const CLUSTER = 'grow';
const PARAMETERS = {
  ClusterName: CLUSTER,
  MasterCount: '3',
  AgentCount: '5',
  Zone: 'zone-advanced',
  ZoneKind: 'isolated',
  MasterOffering: 'Small Instance',
  AgentOffering: 'Small Instance',
  AdminCidr: '203.0.113.0/24',
  EnableChronos: 'true',
  EnableMarathonLb: 'true',
};
const MASTER_RULES = { '5050->5080': 'MesosLoadBalancer', '8080->8080': 'MarathonLoadBalancer', '4400->4400': 'ChronosLoadBalancer' };
const AGENT_RULE = '80->80';

interface ChangeView {
  action: string;
  logicalresourceid: string;
  physicalresourceid?: string;
  resourcetype: string;
  replacement?: string;
  scope?: string[];
  details?: Array<{ target: { attribute: string; name?: string; requiresrecreation: string }; evaluation: string; changesource: string; causingentity?: string; reason?: string }>;
}

interface ChangeSetView {
  id: string;
  status: string;
  executionstatus: string;
  changes: ChangeView[];
}

/** What the cluster looks like in the simulator (not in the service's records). */
interface Observed {
  masters: SimVm[];
  agents: SimVm[];
  /** The user data each VM holds, by VM id (compared as text; cloud-init validates what is new). */
  userData: Map<string, string>;
  /** Members of each load-balancer rule on the public IP, by "public->private" port, sorted. */
  rules: Record<string, string[]>;
}

let stack: BuiltStack;
let created: Observed;
let grown: Observed;
let masterPlan: ChangeSetView;

const ipOf = (vm: SimVm): string => vm.nic[0].ipaddress;
const idsOf = (vms: SimVm[]): string[] => vms.map((vm) => vm.id);

async function call(params: Record<string, string>): Promise<Record<string, any>> {
  const answer = await env.svc.call('alice', { response: 'json', ...params }, { method: 'POST' });
  const body = answer.json?.[`${params.command.toLowerCase()}response`];
  if (answer.status !== 200) throw new Error(`${params.command} answered ${answer.status}: ${answer.text}`);
  return body;
}

async function observe(): Promise<Observed> {
  const api = env.sim.as('alice');
  const masters = await membersNamed(env.sim, `${CLUSTER}-master`);
  const agents = await membersNamed(env.sim, `${CLUSTER}-agent`);
  const userData = new Map<string, string>();
  await Promise.all([...masters, ...agents].map(async (vm) => userData.set(vm.id, await userDataOf(env.sim, vm))));
  const [ip] = await api.listAll<{ id: string }>('listPublicIpAddresses', { ipaddress: stack.outputs.PublicIp }, 'publicipaddress');
  const rules = await api.listAll<{ id: string; publicport: string; privateport: string }>('listLoadBalancerRules', { publicipid: ip.id }, 'loadbalancerrule');
  const members = await Promise.all(rules.map(async (r) => [
    `${r.publicport}->${r.privateport}`,
    (await api.listAll<{ id: string }>('listLoadBalancerRuleInstances', { id: r.id }, 'loadbalancerruleinstance')).map((vm) => vm.id).sort(),
  ] as const));
  return { masters, agents, userData, rules: Object.fromEntries(members) };
}

async function changeSet(name: string, parameters: Record<string, string>): Promise<ChangeSetView> {
  const submitted = await call({ command: 'createChangeSet', name, stackname: stack.id, useprevioustemplate: 'true', ...parameterFields(parameters) });
  expect((await waitForJob(env.svc, 'alice', submitted.jobid)).jobstatus).toBe(1);
  return (await call({ command: 'listChangeSets', id: submitted.id })).changeset[0];
}

/** Waits for an update's job; fails with the stack's newest events if the stack is not UPDATE_COMPLETE. */
async function updated(jobid: string): Promise<Record<string, any>> {
  const job = await waitForJob(env.svc, 'alice', jobid, 120_000);
  const after = await getStack(env.svc, 'alice', stack.id);
  if (job.jobstatus !== 1 || after?.status !== 'UPDATE_COMPLETE') {
    const events = (await stackEvents(env.svc, 'alice', stack.id)).slice(0, 40);
    throw new Error(`update: ${JSON.stringify(job.jobresult)}\n${events.map((e) => `${e.logicalid} ${e.status} ${e.statusreason ?? ''}`).join('\n')}`);
  }
  return after;
}

interface Activity {
  /** Calls per command other than reads (list*, query*, get*). */
  calls: Record<string, number>;
  /** The wait-condition signals the simulated cloud-init made: which VM, and the answer. */
  signals: Array<{ virtualmachineid: string; status: number }>;
}

/** What reached the simulator since the last reset, from its own counters; resets them. */
async function activitySinceReset(): Promise<Activity> {
  const { simulatorstatistics: stats } = await env.sim.as('admin').request<{
    simulatorstatistics: { command: Array<{ name: string; calls: number }>; signal: Activity['signals'] };
  }>('listSimulatorStatistics', { reset: true });
  return {
    calls: Object.fromEntries(stats.command.filter((c) => !/^(list|query|get)/i.test(c.name)).map((c) => [c.name, c.calls])),
    signals: stats.signal,
  };
}

/** Logical ids with events newer than the first `known` events (listStackEvents is newest first), the stack's own excluded. */
async function touchedSince(known: number): Promise<string[]> {
  const events = await stackEvents(env.svc, 'alice', stack.id);
  return [...new Set(events.slice(0, events.length - known).map((e) => e.logicalid).filter((id) => id !== stack.name))].sort();
}

/** An agent's configuration is what mesos.test.ts checks on a fresh cluster: every master in it, its own IP and index. */
async function expectAgentWiredToMasters(agent: SimVm, index: number, config: CloudConfig, masters: SimVm[]): Promise<void> {
  const ip = ipOf(agent);
  const zk = masters.map((vm) => `${ipOf(vm)}:2181`).join(',');
  expect(directive(fileIn(config, '/etc/systemd/system/mesos-agent.service'), 'ExecStart')).toEqual([
    `/usr/sbin/mesos-agent --master=zk://${zk}/mesos --containerizers=docker,mesos --work_dir=/var/lib/mesos --executor_registration_timeout=5mins --ip=${ip} --hostname=${ip} --log_dir=/var/log/mesos`,
  ]);
  expect(directive(fileIn(config, '/etc/systemd/system/marathon-lb.service'), 'ExecStart')).toEqual([
    `/usr/bin/docker run --rm --name marathon-lb --network host --privileged -e PORTS=80,443,9090 mesosphere/marathon-lb:v1.15.0 sse --group external --marathon ${masters.map((vm) => `http://${ipOf(vm)}:8080`).join(' ')}`,
  ]);
  expect(fileIn(config, '/usr/local/sbin/mesos-agent-ready')).toContain(`'{"Status":"SUCCESS","UniqueId":"agent-${index}","Data":"${ip}","Reason":"mesos-agent is up"}'`);
  const tree = await runScript('sh', fileIn(config, '/usr/local/sbin/pin-hostname-to-private-ip'), { 'etc/hosts': `127.0.1.1 ${agent.name}\n` });
  try {
    expect(await tree.read('etc/hosts')).toMatch(new RegExp(`^${ip.replace(/\./g, '\\.')} `));
  } finally {
    await tree.cleanup();
  }
}

function summary(changes: ChangeView[]): string[] {
  return changes.map((c) => `${c.action} ${c.logicalresourceid} ${c.replacement ?? ''}`.trim()).sort();
}

function changeOf(changes: ChangeView[], logicalId: string): ChangeView {
  const change = changes.find((c) => c.logicalresourceid === logicalId);
  if (!change) throw new Error(`no change for ${logicalId}: ${JSON.stringify(changes)}`);
  return change;
}

beforeAll(async () => {
  stack = await buildStack(env.svc, 'mesos-grow', await readExample('mesos-cluster.yaml'), PARAMETERS);
  created = await observe();
}, 120_000);

describe('examples/mesos-cluster.yaml: AgentCount 5 -> 8 -> 3, MasterCount 3 -> 5', () => {
  it('starts with 3 masters behind the UI rules and 5 agents behind the apps rule', () => {
    expect(created.masters).toHaveLength(3);
    expect(created.agents).toHaveLength(5);
    for (const port of Object.keys(MASTER_RULES)) expect(created.rules[port]).toEqual(idsOf(created.masters).sort());
    expect(created.rules[AGENT_RULE]).toEqual(idsOf(created.agents).sort());
  });

  let grow: ChangeSetView;

  it('plans AgentCount 8 as the agents grown in place, AgentsReady waiting for 8 and the apps rule\'s members; the masters are not in the plan', async () => {
    grow = await changeSet('agents-8', { AgentCount: '8' });
    expect(grow).toMatchObject({ status: 'CREATE_COMPLETE', executionstatus: 'AVAILABLE' });
    expect(summary(grow.changes)).toEqual(['Modify Agents False', 'Modify AgentsReady False', 'Modify AppsLoadBalancer False']);
    const resources = await stackResources(env.svc, 'alice', stack.id);
    const physical = (id: string) => resources.find((r) => r.logicalid === id)?.physicalid;
    expect(changeOf(grow.changes, 'Agents')).toMatchObject({
      physicalresourceid: physical('Agents'), resourcetype: 'CloudStack::VirtualMachineGroup', scope: ['Properties'],
      details: [{ target: { attribute: 'Properties', name: 'Count', requiresrecreation: 'Never' }, evaluation: 'Static', changesource: 'ParameterReference', causingentity: 'AgentCount' }],
    });
    // AgentsReady counts the live agents (Agents.LiveCount), known once the agents are updated.
    expect(changeOf(grow.changes, 'AgentsReady').details).toEqual([
      expect.objectContaining({ target: expect.objectContaining({ name: 'Count', requiresrecreation: 'Never' }), evaluation: 'Dynamic', changesource: 'ResourceAttribute', causingentity: 'Agents.LiveCount' }),
    ]);
    // The member ids are known once the agents exist: a Dynamic change, in place (assign/remove).
    expect(changeOf(grow.changes, 'AppsLoadBalancer')).toMatchObject({
      physicalresourceid: physical('AppsLoadBalancer'),
      details: [{ target: { name: 'Members', requiresrecreation: 'Never' }, evaluation: 'Dynamic', changesource: 'ResourceAttribute', causingentity: 'Agents.MemberIds' }],
    });
  }, 30_000);

  it('executes it: UPDATE_COMPLETE, 3 agents deployed and started, nothing else called on any VM, the masters\' records untouched', async () => {
    const known = (await stackEvents(env.svc, 'alice', stack.id)).length;
    await activitySinceReset();
    const executed = await call({ command: 'executeChangeSet', id: grow.id });
    const after = await updated(executed.jobid);
    const { calls, signals } = await activitySinceReset();
    grown = await observe();

    // Exactly the change set: events for the three resources it named, none for the masters or their rules.
    expect(await touchedSince(known)).toEqual(['Agents', 'AgentsReady', 'AppsLoadBalancer']);
    // Three members deployed (stopped), given their user data, started; the others not called:
    // no stop, reboot, user data or destroy for any existing VM.
    expect(calls).toMatchObject({ deployVirtualMachine: 3, updateVirtualMachine: 3, startVirtualMachine: 3, assignToLoadBalancerRule: 1 });
    for (const command of ['stopVirtualMachine', 'rebootVirtualMachine', 'destroyVirtualMachine', 'expungeVirtualMachine', 'removeFromLoadBalancerRule', 'scaleVirtualMachine', 'changeServiceForVirtualMachine']) {
      expect([command, calls[command] ?? 0]).toEqual([command, 0]);
    }
    // Every new agent booted once and signalled AgentsReady; nothing old booted again.
    expect(signals.map((s) => s.virtualmachineid).sort()).toEqual(idsOf(grown.agents.slice(5)).sort());
    expect(signals.every((s) => s.status === 200)).toBe(true);
    expect(outputsOf(after).AgentIps).toBe(grown.agents.map(ipOf).join(','));
    expect(outputsOf(after).MasterIps).toBe(created.masters.map(ipOf).join(','));
  }, 60_000);

  it('keeps the masters\' ids and user data, and the agents 1..5\'s', () => {
    expect(idsOf(grown.masters)).toEqual(idsOf(created.masters));
    for (const vm of created.masters) expect(grown.userData.get(vm.id)).toBe(created.userData.get(vm.id));
    expect(idsOf(grown.agents.slice(0, 5))).toEqual(idsOf(created.agents));
    for (const vm of created.agents) expect(grown.userData.get(vm.id)).toBe(created.userData.get(vm.id));
    expect([...grown.masters, ...grown.agents].every((vm) => vm.state === 'Running')).toBe(true);
  });

  it('wires agents 6..8 to every master, as a fresh cluster\'s agents are (their user data validated by cloud-init)', async () => {
    expect(grown.agents.map((vm) => vm.name)).toEqual(Array.from({ length: 8 }, (_, i) => `${CLUSTER}-agent-${i + 1}`));
    for (const [i, agent] of grown.agents.entries()) {
      // What cloud-init on the VM would read (`cloud-init schema`), as mesos.test.ts checks a fresh cluster's.
      const text = await validUserData(env.sim, agent);
      expect(text).toBe(grown.userData.get(agent.id));
      await expectAgentWiredToMasters(agent, i + 1, parseCloudConfig(text), grown.masters);
    }
    // The new agents' user data differs from an old one's only where the index and IP do.
    const generic = (vm: SimVm, index: number) => grown.userData.get(vm.id)!.split(ipOf(vm)).join('IP').replace(`agent-${index}`, 'agent-N').replace(`Mesos agent ${index} `, 'Mesos agent N ');
    expect(generic(grown.agents[7], 8)).toBe(generic(grown.agents[0], 1));
  }, 30_000);

  it('puts the 8 agents behind the apps rule and leaves the UI rules on the masters', () => {
    expect(grown.rules[AGENT_RULE]).toEqual(idsOf(grown.agents).sort());
    for (const port of Object.keys(MASTER_RULES)) expect(grown.rules[port]).toEqual(idsOf(created.masters).sort());
  });

  it('updateStack AgentCount 3: the highest five agents destroyed, agents 1..3 and the masters kept, the apps rule follows', async () => {
    const known = (await stackEvents(env.svc, 'alice', stack.id)).length;
    await activitySinceReset();
    const answer = await call({ command: 'updateStack', id: stack.id, useprevioustemplate: 'true', ...parameterFields({ AgentCount: '3' }) });
    const after = await updated(answer.jobid);
    const { calls, signals } = await activitySinceReset();
    const shrunk = await observe();

    expect(await touchedSince(known)).toEqual(['Agents', 'AgentsReady', 'AppsLoadBalancer']);
    expect(shrunk.agents.map((vm) => vm.name)).toEqual([1, 2, 3].map((i) => `${CLUSTER}-agent-${i}`));
    expect(idsOf(shrunk.agents)).toEqual(idsOf(created.agents.slice(0, 3)));
    for (const vm of shrunk.agents) expect(shrunk.userData.get(vm.id)).toBe(created.userData.get(vm.id));
    expect(idsOf(shrunk.masters)).toEqual(idsOf(created.masters));
    for (const vm of created.masters) expect(shrunk.userData.get(vm.id)).toBe(created.userData.get(vm.id));
    expect(calls.destroyVirtualMachine).toBe(5);
    expect(signals).toEqual([]);
    for (const command of ['deployVirtualMachine', 'startVirtualMachine', 'stopVirtualMachine', 'rebootVirtualMachine', 'updateVirtualMachine']) {
      expect([command, calls[command] ?? 0]).toEqual([command, 0]);
    }
    // Agents 4..8 are gone from the simulator, not merely from the listing by name.
    const left = await env.sim.as('alice').listAll<SimVm>('listVirtualMachines', {}, 'virtualmachine');
    const gone = new Set(idsOf(grown.agents.slice(3)));
    expect(left.filter((vm) => gone.has(vm.id) && vm.state !== 'Destroyed' && vm.state !== 'Expunging')).toEqual([]);
    expect(shrunk.rules[AGENT_RULE]).toEqual(idsOf(shrunk.agents).sort());
    for (const port of Object.keys(MASTER_RULES)) expect(shrunk.rules[port]).toEqual(idsOf(created.masters).sort());
    expect(outputsOf(after).AgentIps).toBe(shrunk.agents.map(ipOf).join(','));
  }, 60_000);

  it('plans MasterCount 5 as a replacement of the masters (their ZooKeeper ensemble), which the agents and the UI rules follow', async () => {
    const resize = await changeSet('masters-5', { MasterCount: '5' });
    expect(resize).toMatchObject({ status: 'CREATE_COMPLETE', executionstatus: 'AVAILABLE' });
    const masters = changeOf(resize.changes, 'Masters');
    expect(masters).toMatchObject({ action: 'Modify', replacement: 'True', physicalresourceid: expect.any(String) });
    // The quorum written in every master's user data changes with the count.
    expect(masters.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ target: expect.objectContaining({ name: 'UserData', requiresrecreation: 'Always' }), changesource: 'ParameterReference', causingentity: 'MasterCount' }),
    ]));
    // The agents name the masters' IPs, known once the new masters exist: maybe replaced.
    expect(changeOf(resize.changes, 'Agents')).toMatchObject({ replacement: 'Conditional' });
    expect(changeOf(resize.changes, 'Agents').details).toEqual(expect.arrayContaining([
      expect.objectContaining({ target: expect.objectContaining({ name: 'UserData' }), evaluation: 'Dynamic', causingentity: 'Masters.PrivateIps' }),
    ]));
    expect(changeOf(resize.changes, 'MastersReady')).toMatchObject({ replacement: 'False' });
    for (const rule of Object.values(MASTER_RULES)) {
      expect(changeOf(resize.changes, rule)).toMatchObject({ replacement: 'False', details: [expect.objectContaining({ evaluation: 'Dynamic', causingentity: 'Masters.MemberIds' })] });
    }
    // Planning changed nothing.
    expect((await getStack(env.svc, 'alice', stack.id))?.status).toBe('UPDATE_COMPLETE');
    expect(idsOf(await membersNamed(env.sim, `${CLUSTER}-master`))).toEqual(idsOf(created.masters));
    masterPlan = resize;
  }, 30_000);

  it('refuses to execute it, as CloudFormation refuses to replace a custom-named resource: the masters are <ClusterName>-master-N', async () => {
    const before = await observe();
    const executed = await call({ command: 'executeChangeSet', id: masterPlan.id });
    const job = await waitForJob(env.svc, 'alice', executed.jobid, 60_000);
    expect(job.jobstatus).toBe(2);
    expect((await getStack(env.svc, 'alice', stack.id))?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    const events = await stackEvents(env.svc, 'alice', stack.id);
    expect(events.find((e) => e.logicalid === 'Masters' && e.status === 'UPDATE_FAILED')?.statusreason)
      .toBe(`CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${CLUSTER}-master and update the stack again. (Masters)`);
    // The cluster is as it was: the same VMs with the same user data.
    const after = await observe();
    expect(idsOf(after.masters)).toEqual(idsOf(before.masters));
    expect(idsOf(after.agents)).toEqual(idsOf(before.agents));
    for (const [id, text] of before.userData) expect(after.userData.get(id)).toBe(text);
  }, 60_000);
});
