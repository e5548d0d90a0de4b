import { getStack, stackEvents, stackResources, useStackTestEnvironment, waitForJob } from '../../support/stacks';
import { buildStack, membersNamed, readExample, SimVm } from './example-stacks';

/**
 * examples/lamp.yaml updated as its users would: more web servers (in place: the database's user
 * data admits their IPs, the load balancer takes them), and a narrower site CIDR (the firewall rule
 * is replaced; CloudStack cannot hold two rules on the same address and port, so the old one goes
 * first). Then an update that fails rolls back to the rule it had.
 */
const env = useStackTestEnvironment();

const BASE = { WebCount: '2', Zone: 'zone-advanced', ZoneKind: 'isolated', DbPassword: 'Str0ngPassw0rdX', DbOffering: 'Small Instance' };

async function update(id: string, parameters: Record<string, string>): Promise<Record<string, unknown>> {
  const fields = Object.entries(parameters).flatMap(([key, value], i) => [[`parameters[${i}].key`, key], [`parameters[${i}].value`, value]]);
  const answer = await env.svc.call('alice', { command: 'updateStack', response: 'json', id, useprevioustemplate: 'true', ...Object.fromEntries(fields) }, { method: 'POST' });
  expect(answer.status).toBe(200);
  return waitForJob(env.svc, 'alice', answer.json!.updatestackresponse.jobid, 60_000);
}

const firewallRules = (ipId: string) => env.sim.as('alice').listAll<{ id: string; cidrlist: string; startport: number }>('listFirewallRules', { ipaddressid: ipId }, 'firewallrule');
const physicalIds = async (id: string) => Object.fromEntries((await stackResources(env.svc, 'alice', id)).map((r) => [r.logicalid, r.physicalid]));

it('grows the web tier in place, replaces the firewall rule for a new site CIDR, and rolls a failed rule change back', async () => {
  const stack = await buildStack(env.svc, 'lamp-live', await readExample('lamp.yaml'), BASE);
  const before = await physicalIds(stack.id);
  const webBefore = (await membersNamed(env.sim, 'lamp-live-web')).map((vm: SimVm) => vm.id);

  expect((await update(stack.id, { WebCount: '3' })).jobstatus).toBe(1);
  const grown = await physicalIds(stack.id);
  expect([grown.Web, grown.Db, grown.HttpLoadBalancer]).toEqual([before.Web, before.Db, before.HttpLoadBalancer]);
  const web = await membersNamed(env.sim, 'lamp-live-web');
  expect(web.map((vm: SimVm) => vm.id).slice(0, 2)).toEqual(webBefore);
  expect(web).toHaveLength(3);
  const members = await env.sim.as('alice').listAll<{ id: string }>('listLoadBalancerRuleInstances', { id: grown.HttpLoadBalancer as string }, 'loadbalancerruleinstance');
  expect(members.map((m) => m.id).sort()).toEqual(web.map((vm: SimVm) => vm.id).sort());

  expect((await update(stack.id, { SiteCidr: '198.51.100.0/24' })).jobstatus).toBe(1);
  const narrowed = await physicalIds(stack.id);
  expect(narrowed.HttpFirewall).not.toBe(before.HttpFirewall);
  const rules = (await firewallRules(before.PublicIp as string)).filter((r) => Number(r.startport) === 80);
  expect(rules.map((r) => [r.id, r.cidrlist])).toEqual([[narrowed.HttpFirewall, '198.51.100.0/24']]);

  // A bad CIDR fails the new rule after the old one went: rollback creates the old rule again.
  const failed = await update(stack.id, { SiteCidr: '198.51.100.0/33' });
  expect(failed.jobstatus).toBe(2);
  expect((await getStack(env.svc, 'alice', stack.id))?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  const restored = (await firewallRules(before.PublicIp as string)).filter((r) => Number(r.startport) === 80);
  expect(restored.map((r) => r.cidrlist)).toEqual(['198.51.100.0/24']);
  const events = await stackEvents(env.svc, 'alice', stack.id);
  expect(events.some((e) => e.logicalid === 'HttpFirewall' && e.status === 'UPDATE_FAILED')).toBe(true);
}, 120_000);
