import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { runCs } from '../../support/cs-cli';
import { startTestService, TestService } from '../../support/service';

const TEMPLATE = JSON.stringify({
  // `~` is signed bare by cs (Python's quote) and encoded by the management server's Java.
  Description: 'one VM, created by a third-party client (~/.cloudstack.ini)',
  Resources: { Web: { Type: 'CloudStack::VirtualMachine', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' } } },
  Outputs: { Ip: { Value: { 'Fn::GetAtt': ['Web', 'PrivateIp'] } } },
});

/** Debian's `cs` client, unchanged, against the simulator and the service: real clients parse what we answer. */
describe('a third-party CloudStack client (cs)', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  const onSimulator = (user: string, ...args: string[]) => runCs(svc.simulator.url, svc.users[user], args);
  const onService = (user: string, ...args: string[]) => runCs(svc.service.url, svc.users[user], args);

  it('lists, deploys and destroys a VM, allocates an IP, creates a security group and a rule on the simulator', async () => {
    const zones = await onSimulator('alice', 'listZones');
    expect(zones.json?.zone.map((z: { name: string }) => z.name).sort()).toEqual(['zone-advanced', 'zone-sg']);
    const zone = zones.json!.zone.find((z: { name: string }) => z.name === 'zone-advanced').id as string;
    const template = (await onSimulator('alice', 'listTemplates', 'templatefilter=executable', 'name=Ubuntu 22.04', `zoneid=${zone}`)).json!.template[0].id;
    const offering = (await onSimulator('alice', 'listServiceOfferings', 'name=Small Instance')).json!.serviceoffering[0].id;

    const deployed = await onSimulator('alice', '--post', 'deployVirtualMachine', `zoneid=${zone}`, `templateid=${template}`, `serviceofferingid=${offering}`, 'name=by-cs', `userdata=${Buffer.from('#cloud-config\n').toString('base64')}`);
    expect(deployed.code).toBe(0);
    const vm = deployed.json!.virtualmachine;
    expect({ name: vm.name, state: vm.state }).toEqual({ name: 'by-cs', state: 'Running' });

    const ip = await onSimulator('alice', 'associateIpAddress', `networkid=${vm.nic[0].networkid}`);
    expect(ip.json!.ipaddress.associatednetworkid).toBe(vm.nic[0].networkid);

    const group = await onSimulator('alice', 'createSecurityGroup', 'name=cs-web');
    expect(group.json!.securitygroup.name).toBe('cs-web');
    const rule = await onSimulator('alice', 'authorizeSecurityGroupIngress', 'securitygroupname=cs-web', 'protocol=tcp', 'startport=80', 'endport=80', 'cidrlist=0.0.0.0/0');
    expect(rule.json!.securitygroup.ingressrule).toEqual([expect.objectContaining({ protocol: 'tcp', startport: 80, endport: 80, cidr: '0.0.0.0/0' })]);

    const destroyed = await onSimulator('alice', 'destroyVirtualMachine', `id=${vm.id}`, 'expunge=true');
    expect(destroyed.code).toBe(0);
    // CloudStack answers an empty list as {}; cs prints nothing for it.
    const left = await onSimulator('alice', 'listVirtualMachines', `id=${vm.id}`);
    expect({ code: left.code, stdout: left.stdout }).toEqual({ code: 0, stdout: '' });
  }, 60_000);

  it('discovers the stack commands and creates, lists and deletes a stack through the service', async () => {
    const apis = await onService('alice', 'listApis', 'name=createStack');
    expect(apis.json!.api[0]).toMatchObject({ name: 'createStack', isasync: true });

    const created = await onService('alice', '--post', 'createStack', 'name=from-cs', `templatebody=${TEMPLATE}`);
    expect(created.code).toBe(0);
    expect(created.json!.stack).toMatchObject({ name: 'from-cs', status: 'CREATE_COMPLETE', description: 'one VM, created by a third-party client (~/.cloudstack.ini)' });
    expect(created.json!.stack.outputs[0].key).toBe('Ip');

    const listed = await onService('alice', 'listStacks', 'name=from-cs');
    expect(listed.json!.count).toBe(1);
    const deleted = await onService('alice', 'deleteStack', `id=${listed.json!.stack[0].id}`);
    expect(deleted.json!.stack.status).toBe('DELETE_COMPLETE');
  }, 60_000);

  it('is refused with CloudStack\'s 401 when the secret is wrong', async () => {
    const refused = await runCs(svc.service.url, { apikey: svc.users.alice.apikey, secretkey: 'not-the-secret' }, ['listStacks']);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('unable to verify user credentials and/or request signature');
  });
});
