import { readFileSync } from 'fs';
import { join } from 'path';
import { diffStack } from '../../../../src/engine/change-model';
import type { ModifyChange, RecordedStack, ResourceChange } from '../../../../src/engine/change-model';
import { modifyOf } from './support/diff';
import { contextOf, createdStack, REGISTRY } from './support/stacks';

const BODY = readFileSync(join(__dirname, '../../../../examples/mesos-cluster.yaml'), 'utf8');
// Chronos is off by default (deprecated); these plans are for a cluster that runs it.
const CREATED = { AdminCidr: '203.0.113.0/24', AgentCount: '5', MasterCount: '3', EnableChronos: 'true' };

function update(current: RecordedStack, parameters: Record<string, string>): ResourceChange[] {
  return diffStack(current, contextOf(BODY, { ...CREATED, ...parameters }), REGISTRY);
}

/** `Logical.Property <- Cause` for every change whose new value is known now. */
function staticChanges(changes: readonly ResourceChange[]): string[] {
  return changes.flatMap((c) => (c.action !== 'Modify' ? [] : c.details
    .filter((d) => d.evaluation === 'Static')
    .map((d) => `${c.logicalId}.${d.target.name ?? d.target.attribute} <- ${d.causingEntity ?? d.changeSource}`))).sort();
}

function detail(change: ModifyChange, property: string) {
  const found = change.details.find((d) => d.target.name === property);
  if (!found) throw new Error(`${change.logicalId}.${property} does not change`);
  return found;
}

/** `Modify Logical replacement` for every change: the shape of a plan. */
function shape(changes: readonly ResourceChange[]): string[] {
  return changes.map((c) => (c.action === 'Modify' ? `Modify ${c.logicalId} ${c.replacement}` : `${c.action} ${c.logicalId}`)).sort();
}

/** What the group type says about a new Count alone for the members' recorded properties. */
function countObjection(current: RecordedStack, logicalId: string, count: string): string | undefined {
  const schema = REGISTRY.get('CloudStack::VirtualMachineGroup')!;
  const before = current.resources.find((r) => r.logicalId === logicalId)!.resolvedProperties;
  return schema.replacementReason?.(['Count'], { ...before }, { ...before, Count: count });
}

const MASTER_LB_RULES = ['MesosLoadBalancer', 'MarathonLoadBalancer', 'ChronosLoadBalancer'];

describe('examples/mesos-cluster.yaml (isolated network, Chronos, no Marathon-LB)', () => {
  const current = createdStack(contextOf(BODY, CREATED));

  it('has nothing to update for the parameters it was created with', () => {
    expect(update(current, {})).toEqual([]);
  });

  it('renders the group-wide ${PrivateIps} in the masters\' user data (the ZooKeeper ensemble) and in no agent\'s', () => {
    // Even with an unchanged quorum the masters could not resize in place; the agents can.
    expect(countObjection(current, 'Masters', '5')).toMatch(/PrivateIps/);
    expect(countObjection(current, 'Agents', '8')).toBeUndefined();
    const withLb = createdStack(contextOf(BODY, { ...CREATED, EnableMarathonLb: 'true', PackageRepository: 'deb http://apt.example.org/mesos focal main' }));
    expect(countObjection(withLb, 'Agents', '8')).toBeUndefined();
  });

  it('AgentCount 5 -> 8 changes the agents\' Count in place and AgentsReady\'s Count (their LiveCount); the masters and their load balancers are untouched', () => {
    const changes = update(current, { AgentCount: '8' });
    expect(staticChanges(changes)).toEqual(['Agents.Count <- AgentCount']);
    // AgentsReady waits for the agents that run (Agents.LiveCount, MinAgentsPercent may leave some
    // out): known once the agents are updated.
    expect(detail(modifyOf(changes, 'AgentsReady'), 'Count')).toMatchObject({ evaluation: 'Dynamic', changeSource: 'ResourceAttribute', causingEntity: 'Agents.LiveCount' });
    expect(shape(changes)).toEqual(['Modify Agents False', 'Modify AgentsReady False']);
    // The schema's own judgement, not a copy of it: the agents' user data renders neither the
    // group's ${Count} nor its ${PrivateIps}, so the group grows in place.
    const agents = modifyOf(changes, 'Agents');
    expect(agents).toMatchObject({ replacement: 'False', physicalId: 'Agents-id' });
    expect(detail(agents, 'Count')).toMatchObject({ target: { requiresRecreation: 'Never' }, evaluation: 'Static', changeSource: 'ParameterReference' });
    expect(detail(agents, 'Count').reason).toBeUndefined();
    // A WaitCondition's Count changes in place: it waits for the new signals only.
    expect(modifyOf(changes, 'AgentsReady')).toMatchObject({ replacement: 'False', physicalId: 'AgentsReady-id' });
  });

  it('AgentCount 8 -> 3 shrinks the agents in place as well', () => {
    const changes = update(current, { AgentCount: '3' });
    expect(shape(changes)).toEqual(['Modify Agents False', 'Modify AgentsReady False']);
  });

  it('MasterCount 3 -> 5 replaces the masters; the quorum in their user data follows; everything naming them learns the new ids during the update', () => {
    const changes = update(current, { MasterCount: '5' });
    expect(staticChanges(changes)).toEqual(['Masters.Count <- MasterCount', 'Masters.UserData <- MasterCount', 'MastersReady.Count <- MasterCount']);
    const masters = modifyOf(changes, 'Masters');
    expect(masters).toMatchObject({ replacement: 'True', updateKind: 'Replacement', physicalId: 'Masters-id' });
    // The new quorum in the user data already forces the replacement (the type's objection to
    // an in-place Count is then not asked for: there is nothing in place left to object to).
    expect(detail(masters, 'UserData')).toMatchObject({ target: { requiresRecreation: 'Always' }, evaluation: 'Static', causingEntity: 'MasterCount' });
    expect(modifyOf(changes, 'MastersReady').replacement).toBe('False');
    for (const rule of MASTER_LB_RULES) {
      expect(modifyOf(changes, rule).replacement).toBe('False');
      expect(detail(modifyOf(changes, rule), 'Members')).toMatchObject({ evaluation: 'Dynamic', causingEntity: 'Masters.MemberIds' });
    }
    // The agents' ZooKeeper URL names the new masters' IPs, known only once they exist; a new
    // user data replaces a group, so the agents may be replaced.
    const agents = modifyOf(changes, 'Agents');
    expect(detail(agents, 'UserData')).toMatchObject({ evaluation: 'Dynamic', changeSource: 'ResourceAttribute', causingEntity: 'Masters.PrivateIps' });
    expect(agents.replacement).toBe('Conditional');
    // Agents that may be replaced may come up with another LiveCount: AgentsReady follows them.
    expect(shape(changes)).toEqual([
      'Modify Agents Conditional', 'Modify AgentsReady False', 'Modify ChronosLoadBalancer False', 'Modify MarathonLoadBalancer False', 'Modify Masters True',
      'Modify MastersReady False', 'Modify MesosLoadBalancer False',
    ]);
  });
});

describe('examples/mesos-cluster.yaml with Marathon-LB', () => {
  const created = { ...CREATED, EnableMarathonLb: 'true' };

  it('AgentCount 5 -> 8: the agents grow in place and the load balancer in front of them changes its members; nothing on the masters\' side changes', () => {
    const current = createdStack(contextOf(BODY, created));
    const changes = update(current, { ...created, AgentCount: '8' });
    expect(shape(changes)).toEqual(['Modify Agents False', 'Modify AgentsReady False', 'Modify AppsLoadBalancer False']);
    expect(staticChanges(changes)).toEqual(['Agents.Count <- AgentCount']);
    expect(modifyOf(changes, 'AppsLoadBalancer').details).toEqual([
      expect.objectContaining({ target: expect.objectContaining({ name: 'Members', requiresRecreation: 'Never' }), evaluation: 'Dynamic', changeSource: 'ResourceAttribute', causingEntity: 'Agents.MemberIds' }),
    ]);
  });

  it('a new Marathon-LB image is the agents\' business only', () => {
    const current = createdStack(contextOf(BODY, created));
    const changes = update(current, { ...created, MarathonLbImage: 'mesosphere/marathon-lb:v1.15.1' });
    expect(staticChanges(changes)).toEqual(['Agents.UserData <- MarathonLbImage']);
  });

  it('turning Marathon-LB on adds its firewall and load-balancer rules and changes the agents only (and AgentsReady, which counts them)', () => {
    const current = createdStack(contextOf(BODY, CREATED));
    const changes = update(current, { EnableMarathonLb: 'true' });
    expect(changes.filter((c) => c.action === 'Add').map((c) => c.logicalId)).toEqual(['AppsFirewall', 'AppsLoadBalancer']);
    expect(changes.filter((c) => c.action === 'Modify').map((c) => c.logicalId)).toEqual(['AgentsReady', 'Agents']);
    expect(detail(modifyOf(changes, 'AgentsReady'), 'Count')).toMatchObject({ evaluation: 'Dynamic', causingEntity: 'Agents.LiveCount' });
  });
});
