import { signParams } from '../../../src/cloudstack-api';
import { createStack, deleteStack, getStack, useStackTestEnvironment, waitForJob } from '../../support/stacks';

/**
 * A 1,000-member group against a simulator that reads request heads as the management server's
 * Jetty does (8 KiB): every read of the members by id must fit, by chunks or by POST.
 */
describe('a VirtualMachineGroup of 1,000 members on a management server with an 8 KiB request-head limit', () => {
  const env = useStackTestEnvironment();
  const COUNT = 1000;

  beforeAll(async () => {
    // As an operator would for a large cluster: the account's VM, CPU and memory limits raised,
    // the zone big enough.
    const admin = env.sim.as('admin');
    await env.sim.configure({ zonecpucores: 4096, zonememorymb: 4 * 1024 * 1024 });
    const [account] = await admin.listAll<{ domainid: string }>('listAccounts', { listall: true, name: 'bob' }, 'account');
    for (const resourcetype of [0, 8, 9]) await admin.request('updateResourceLimit', { resourcetype, max: -1, account: 'bob', domainid: account.domainid });
  });

  it('builds, shrinks and deletes the group; a GET naming every member would have been refused', async () => {
    const template = {
      Resources: {
        // A /22: a /24 holds about 250 guests.
        Net: { Type: 'CloudStack::Network', Properties: { Zone: 'zone-advanced', NetworkOffering: 'DefaultIsolatedNetworkOfferingWithSourceNatService', Gateway: '10.1.0.1', Netmask: '255.255.252.0' } },
        Agents: {
          Type: 'CloudStack::VirtualMachineGroup',
          Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance', Networks: [{ Ref: 'Net' }], Count: COUNT, UserData: '#!/bin/sh\necho agent ${Index}\n' },
        },
      },
      Outputs: { Ips: { Value: { 'Fn::GetAtt': ['Agents', 'PrivateIpList'] } } },
    };
    const before = await env.sim.inventory('bob');
    const { id, jobid } = await createStack(env.svc, 'bob', 'thousand', template);
    const result = await waitForJob(env.svc, 'bob', jobid, 240_000);
    const stack = await getStack(env.svc, 'bob', id);
    expect({ jobstatus: result.jobstatus, status: stack?.status, reason: stack?.statusreason }).toMatchObject({ jobstatus: 1, status: 'CREATE_COMPLETE' });
    const ips = String(stack?.outputs.find((o: { key: string }) => o.key === 'Ips').value).split(',');
    expect(new Set(ips).size).toBe(COUNT);

    // One member fewer: the group reads the IPs of the 999 that stay by id, as every resize does.
    template.Resources.Agents.Properties.Count = COUNT - 1;
    const update = await env.svc.call('bob', { command: 'updateStack', response: 'json', id, templatebody: JSON.stringify(template) }, { method: 'POST' });
    expect(update.status).toBe(200);
    expect((await waitForJob(env.svc, 'bob', update.json!.updatestackresponse.jobid, 120_000)).jobstatus).toBe(1);
    const updated = await getStack(env.svc, 'bob', id);
    expect(updated?.status).toBe('UPDATE_COMPLETE');
    expect(String(updated?.outputs.find((o: { key: string }) => o.key === 'Ips').value).split(',')).toEqual(ips.slice(0, COUNT - 1));

    const bob = env.sim.as('bob');
    const members = (await bob.listAll<{ id: string; state: string; name: string }>('listVirtualMachines', {}, 'virtualmachine')).filter((vm) => vm.state === 'Running');
    expect(members).toHaveLength(COUNT - 1);
    // The read the engine must never send: every member's id in one GET (about 37 KB of query).
    const { apikey, secretkey } = env.svc.users.bob;
    const query = new URLSearchParams(signParams({ command: 'listVirtualMachines', response: 'json', ids: members.map((vm) => vm.id).join(',') }, apikey, secretkey)).toString();
    expect(query.length).toBeGreaterThan(30_000);
    expect((await fetch(`${env.svc.simulator.url}?${query}`)).status).toBe(431);

    expect((await deleteStack(env.svc, 'bob', id)).jobstatus).toBe(1);
    expect(await env.sim.inventory('bob')).toEqual(before);
  }, 300_000);
});
