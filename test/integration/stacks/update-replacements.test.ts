import { createStack, getStack, stackEvents, stackResources, useStackTestEnvironment, waitForJob } from '../../support/stacks';

// Replacement across types, and its propagation: a new network means a new group in it, a new IP
// in it and a new firewall rule on that IP. Every new object is made before any old one goes, and
// cleanup deletes the old ones dependants first (CloudStack refuses to delete what is in use).
const env = useStackTestEnvironment();

const TEMPLATE = {
  Parameters: { Gateway: { Type: 'String' }, VolumeName: { Type: 'String' }, GroupText: { Type: 'String' } },
  Resources: {
    Net: { Type: 'CloudStack::Network', Properties: { Zone: 'zone-advanced', NetworkOffering: 'DefaultIsolatedNetworkOfferingWithSourceNatService', Gateway: { Ref: 'Gateway' }, Netmask: '255.255.255.0' } },
    Web: { Type: 'CloudStack::VirtualMachineGroup', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance', Count: 2, Networks: [{ Ref: 'Net' }] } },
    Ip: { Type: 'CloudStack::PublicIpAddress', DependsOn: 'Web', Properties: { Network: { Ref: 'Net' } } },
    Open: { Type: 'CloudStack::FirewallRule', Properties: { IpAddressId: { Ref: 'Ip' }, Protocol: 'tcp', StartPort: 80, CidrList: ['0.0.0.0/0'] } },
    Disk: { Type: 'CloudStack::Volume', Properties: { Zone: 'zone-advanced', DiskOffering: 'Small', Name: { Ref: 'VolumeName' } } },
    Sg: { Type: 'CloudStack::SecurityGroup', Properties: { Description: { Ref: 'GroupText' } } },
  },
};

const params = (gateway: string, volume: string, text: string) => ({
  'parameters[0].key': 'Gateway', 'parameters[0].value': gateway,
  'parameters[1].key': 'VolumeName', 'parameters[1].value': volume,
  'parameters[2].key': 'GroupText', 'parameters[2].value': text,
});

const ids = async (stackId: string) => Object.fromEntries((await stackResources(env.svc, 'alice', stackId)).map((r) => [r.logicalid, r.physicalid]));

it('replaces every resource whose replacement property changed or that refers to a replaced one; cleanup leaves only the new objects', async () => {
  const before = await env.sim.inventory('alice');
  const { id, jobid } = await createStack(env.svc, 'alice', 'replaced-all', TEMPLATE, params('10.9.0.1', 'disk-a', 'one'));
  expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
  const old = await ids(id);
  const created = await env.sim.inventory('alice');

  const answer = await env.svc.call('alice', { command: 'updateStack', response: 'json', id, useprevioustemplate: 'true', ...params('10.8.0.1', 'disk-b', 'two') }, { method: 'POST' });
  expect(answer.status).toBe(200);
  const job = await waitForJob(env.svc, 'alice', answer.json!.updatestackresponse.jobid, 60_000);
  expect(job.jobstatus).toBe(1);
  expect((await getStack(env.svc, 'alice', id))?.status).toBe('UPDATE_COMPLETE');

  const now = await ids(id);
  for (const logicalId of ['Net', 'Ip', 'Open', 'Disk', 'Sg']) expect([logicalId, now[logicalId]]).not.toEqual([logicalId, old[logicalId]]);
  // The group's physical id is its name prefix: the new generation's prefix differs.
  expect(now.Web).not.toBe(old.Web);
  const events = await stackEvents(env.svc, 'alice', id);
  expect(events.filter((e) => e.status === 'DELETE_FAILED')).toEqual([]);
  // As many objects as before the update, none of the old ones.
  const after = await env.sim.inventory('alice');
  expect(after.length).toBe(created.length);
  const oldIds = Object.values(old).filter((v): v is string => typeof v === 'string');
  expect(after.filter((entry) => oldIds.some((o) => entry.endsWith(`:${o}`)))).toEqual([]);
  const networks = await env.sim.as('alice').listAll<{ id: string; gateway: string }>('listNetworks', { id: now.Net as string }, 'network');
  expect(networks[0].gateway).toBe('10.8.0.1');

  await env.svc.call('alice', { command: 'deleteStack', id, response: 'json' });
  for (let i = 0; i < 200 && (await getStack(env.svc, 'alice', id))?.status !== 'DELETE_COMPLETE'; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await env.sim.inventory('alice')).toEqual(before);
}, 90_000);
