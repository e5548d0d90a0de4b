import { CloudFormationClient, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { createStack, deleteStack, getStack, stackEvents, useStackTestEnvironment, waitForJob, waitForStackStatus } from '../../support/stacks';

/**
 * Deleting a stack that stopped at DELETE_FAILED while keeping the resource that cannot go
 * (deleteStack retainresources, AWS DeleteStack RetainResources): here a security group that a
 * VM made by hand keeps in use. The group and the VM stay; everything else is deleted.
 */
const env = useStackTestEnvironment();

const TEMPLATE = {
  Resources: {
    Group: { Type: 'CloudStack::SecurityGroup', Properties: { Name: 'retained-in-use' } },
    Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
    Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Description: 'goes' } },
  },
};

async function stackStuckInDeleteFailed(name: string, groupName: string): Promise<{ id: string; vmId: string }> {
  const template = { Resources: { ...TEMPLATE.Resources, Group: { ...TEMPLATE.Resources.Group, Properties: { Name: groupName } } } };
  const { id, jobid } = await createStack(env.svc, 'alice', name, template);
  expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
  const api = env.sim.as('alice');
  const zone = await api.resolveZoneId('zone-sg');
  const vm = await api.executeAsync<{ virtualmachine: { id: string } }>('deployVirtualMachine', {
    zoneid: zone, templateid: await api.resolveTemplateId('Ubuntu 22.04', zone), serviceofferingid: await api.resolveServiceOfferingId('Small Instance'), securitygroupnames: groupName,
  });
  expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(2);
  expect((await getStack(env.svc, 'alice', id))?.status).toBe('DELETE_FAILED');
  return { id, vmId: vm.virtualmachine.id };
}

async function stillThere(groupName: string, vmId: string): Promise<void> {
  const api = env.sim.as('alice');
  expect((await api.listAll<{ name: string }>('listSecurityGroups', { securitygroupname: groupName }, 'securitygroup')).map((g) => g.name)).toEqual([groupName]);
  expect((await api.listAll<{ id: string }>('listVirtualMachines', { id: vmId }, 'virtualmachine')).map((v) => v.id)).toEqual([vmId]);
}

it('deleteStack retainresources keeps the named resource of a DELETE_FAILED stack and deletes the rest; it is refused in any other state or for an unknown id', async () => {
  const early = await createStack(env.svc, 'alice', 'not-failed', { Resources: { Handle: TEMPLATE.Resources.Handle } });
  expect((await waitForJob(env.svc, 'alice', early.jobid)).jobstatus).toBe(1);
  const refused = await env.svc.call('alice', { command: 'deleteStack', id: early.id, retainresources: 'Handle', response: 'json' });
  expect(refused.status).toBe(431);
  expect(refused.json!.deletestackresponse.errortext).toBe('Stack [not-failed] is in CREATE_COMPLETE state: resources can be retained only when deleting a stack in DELETE_FAILED state');
  expect((await getStack(env.svc, 'alice', early.id))?.status).toBe('CREATE_COMPLETE');

  const { id, vmId } = await stackStuckInDeleteFailed('stuck', 'retained-in-use');
  const unknown = await env.svc.call('alice', { command: 'deleteStack', id, retainresources: 'Group,Nope', response: 'json' });
  expect(unknown.status).toBe(431);
  expect(unknown.json!.deletestackresponse.errortext).toBe('Invalid parameter retainresources value=Nope: no such resource in stack stuck');

  const answer = await env.svc.call('alice', { command: 'deleteStack', id, retainresources: 'Group', response: 'json' });
  expect(answer.status).toBe(200);
  expect((await waitForJob(env.svc, 'alice', answer.json!.deletestackresponse.jobid)).jobstatus).toBe(1);
  expect((await getStack(env.svc, 'alice', id))?.status).toBe('DELETE_COMPLETE');
  const events = await stackEvents(env.svc, 'alice', id);
  expect(events.find((e) => e.logicalid === 'Group' && e.status === 'DELETE_SKIPPED')?.statusreason).toBe("Retained at the caller's request (RetainResources)");
  expect(events.some((e) => e.logicalid === 'Spread' && e.status === 'DELETE_COMPLETE')).toBe(true);
  await stillThere('retained-in-use', vmId);
}, 60_000);

it('AWS DeleteStack RetainResources does the same', async () => {
  const { id, vmId } = await stackStuckInDeleteFailed('stuck-aws', 'retained-by-aws');
  const keys = env.svc.users.alice;
  const client = new CloudFormationClient({ endpoint: env.svc.service.url.replace(/\/client\/api$/, ''), region: 'us-east-1', credentials: { accessKeyId: keys.apikey, secretAccessKey: keys.secretkey } });
  await client.send(new DeleteStackCommand({ StackName: 'stuck-aws', RetainResources: ['Group'] }));
  expect((await waitForStackStatus(env.svc, 'alice', id, ['DELETE_COMPLETE', 'DELETE_FAILED'])).status).toBe('DELETE_COMPLETE');
  await stillThere('retained-by-aws', vmId);
}, 60_000);
