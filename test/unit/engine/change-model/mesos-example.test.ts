import { readFileSync } from 'fs';
import { join } from 'path';
import { diffStack } from '../../../../src/engine/change-model';
import type { ModifyChange, RecordedStack, ResourceChange } from '../../../../src/engine/change-model';
import { modifyOf } from './support/diff';
import { contextOf, createdStack, REGISTRY } from './support/stacks';

const BODY = readFileSync(join(__dirname, '../../../../examples/mesos-cluster.yaml'), 'utf8');
const CREATED = { AdminCidr: '203.0.113.0/24', AgentCount: '5', MasterCount: '3' };

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

/** What the real schema says a change of the group's Count from `before` to `after` does. */
function countRecreates(current: RecordedStack, logicalId: string, count: string): boolean {
  const schema = REGISTRY.get('CloudStack::VirtualMachineGroup')!;
  const before = current.resources.find((r) => r.logicalId === logicalId)!.resolvedProperties;
  const after = { ...before, Count: count };
  const behavior = schema.updateBehaviorOf?.('Count', before, after)?.behavior ?? schema.properties.Count.updateBehavior;
  const declaredRecreates = behavior !== 'Mutable' && behavior !== 'SomeInterruption';
  return declaredRecreates || schema.replacementReason?.(['Count'], { ...before }, after) !== undefined;
}

describe('examples/mesos-cluster.yaml (isolated network, Chronos, no Marathon-LB)', () => {
  const current = createdStack(contextOf(BODY, CREATED));

  it('has nothing to update for the parameters it was created with', () => {
    expect(update(current, {})).toEqual([]);
  });

  it('AgentCount 5 -> 8: the agents\' Count, AgentsReady\'s Count, and the masters\' user data, which writes ${AgentCount} into the Marathon-LB app', () => {
    const changes = update(current, { AgentCount: '8' });
    expect(staticChanges(changes)).toEqual(['Agents.Count <- AgentCount', 'AgentsReady.Count <- AgentCount', 'Masters.UserData <- AgentCount']);
    expect(changes.every((c) => c.action === 'Modify')).toBe(true);

    const agents = modifyOf(changes, 'Agents');
    const recreates = countRecreates(current, 'Agents', '8');
    expect(detail(agents, 'Count').target.requiresRecreation).toBe(recreates ? 'Always' : 'Never');
    if (recreates) expect(agents.replacement).toBe('True');
    else expect(agents.replacement).not.toBe('True');

    // A WaitCondition's Count changes in place: it waits for the new signals only.
    expect(modifyOf(changes, 'AgentsReady')).toMatchObject({ replacement: 'False', physicalId: 'AgentsReady-id' });
  });

  it('AgentCount 5 -> 8: the load-balancer members follow the masters they name, known only during the update', () => {
    const changes = update(current, { AgentCount: '8' });
    for (const rule of ['MesosLoadBalancer', 'MarathonLoadBalancer', 'ChronosLoadBalancer']) {
      expect(modifyOf(changes, rule)).toMatchObject({
        replacement: 'False',
        details: [{ target: { name: 'Members', requiresRecreation: 'Never' }, evaluation: 'Dynamic', changeSource: 'ResourceAttribute', causingEntity: 'Masters.MemberIds' }],
      });
    }
  });

  it('MasterCount 3 -> 5 replaces the masters; the quorum in their user data follows; everything naming them learns the new ids during the update', () => {
    const changes = update(current, { MasterCount: '5' });
    expect(staticChanges(changes)).toEqual(['Masters.Count <- MasterCount', 'Masters.UserData <- MasterCount', 'MastersReady.Count <- MasterCount']);
    expect(modifyOf(changes, 'Masters')).toMatchObject({ replacement: 'True', updateKind: 'Replacement', physicalId: 'Masters-id' });
    expect(modifyOf(changes, 'MastersReady').replacement).toBe('False');
    for (const rule of ['MesosLoadBalancer', 'MarathonLoadBalancer', 'ChronosLoadBalancer']) {
      expect(detail(modifyOf(changes, rule), 'Members')).toMatchObject({ evaluation: 'Dynamic', causingEntity: 'Masters.MemberIds' });
    }
    expect(detail(modifyOf(changes, 'Agents'), 'UserData')).toMatchObject({ evaluation: 'Dynamic', changeSource: 'ResourceAttribute', causingEntity: 'Masters.PrivateIps' });
    expect(changes.map((c) => c.logicalId)).not.toContain('ClusterNetwork');
  });
});

describe('examples/mesos-cluster.yaml with Marathon-LB', () => {
  it('AgentCount 5 -> 8 changes the members of the load balancer in front of the agents', () => {
    const created = { ...CREATED, EnableMarathonLb: 'true' };
    const current = createdStack(contextOf(BODY, created));
    const changes = update(current, { EnableMarathonLb: 'true', AgentCount: '8' });
    expect(detail(modifyOf(changes, 'AppsLoadBalancer'), 'Members')).toMatchObject({
      target: { requiresRecreation: 'Never' }, evaluation: 'Dynamic', changeSource: 'ResourceAttribute', causingEntity: 'Agents.MemberIds',
    });
  });

  it('turning Marathon-LB on adds its firewall and load-balancer rules', () => {
    const current = createdStack(contextOf(BODY, CREATED));
    const changes = update(current, { EnableMarathonLb: 'true' });
    expect(changes.filter((c) => c.action === 'Add').map((c) => c.logicalId)).toEqual(['AppsFirewall', 'AppsLoadBalancer']);
  });
});
