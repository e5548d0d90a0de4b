import type { CommandContext } from '../context';
import type { ParamSpec, ResponseField } from '../registry';
import type { VirtualMachine } from '../state/types';
import { virtualMachineView } from '../views/virtual-machine';
import { field } from './spec-helpers';

/** What every VM command shares: its response fields, its `id` parameter, its command classes. */
export const VM_FIELDS: ResponseField[] = [
  field('id', 'string', 'the ID of the virtual machine'), field('name', 'string', 'the name of the virtual machine'), field('displayname', 'string', 'user generated name. The name of the virtual machine is returned if no displayname exists.'),
  field('state', 'string', 'the state of the virtual machine'), field('account', 'string', 'the account associated with the virtual machine'), field('domainid', 'string', 'the ID of the domain in which the virtual machine exists'),
  field('zoneid', 'string', 'the ID of the availability zone for the virtual machine'), field('templateid', 'string', 'the ID of the template for the virtual machine. A -1 is returned if the virtual machine was created from an ISO file.'),
  field('serviceofferingid', 'string', 'the ID of the service offering of the virtual machine'), field('cpunumber', 'integer', 'the number of vCPUs this virtual machine is using'), field('memory', 'integer', 'the memory allocated for the virtual machine'),
  field('nic', 'set', 'the list of nics associated with vm'), field('securitygroup', 'set', 'list of security groups associated with the virtual machine'), field('affinitygroup', 'set', 'list of affinity groups associated with the virtual machine'),
  field('keypairs', 'string', 'ssh key-pairs'), field('instancename', 'string', 'instance name of the user vm; this parameter is returned to the ROOT admin only'), field('tags', 'set', 'the list of resource tags associated'),
  field('haenable', 'boolean', 'true if high-availability is enabled, false otherwise'), field('group', 'string', 'the group name of the virtual machine'),
  field('created', 'date', 'the date when this virtual machine was created'), field('jobid', 'string', 'the UUID of the latest async job acting on this object'), field('jobstatus', 'integer', 'the current status of the latest async job acting on this object'),
];

export const VM_ID: ParamSpec = { name: 'id', type: 'uuid', required: true, description: 'The ID of the virtual machine', related: 'deployVirtualMachine,listVirtualMachines' };

export const VM_CLASS = (name: string) => `org.apache.cloudstack.api.command.user.vm.${name}`;

/** Where a VM change's job is filed: on the VM (the default), or as UpdateVMAffinityGroupCmd files it. */
export interface VmChangeJob {
  instanceType: string;
  /** Whether the job is the VM's (its `jobid` in listVirtualMachines until another one is). */
  onVm: boolean;
}

/**
 * A job that changes a VM without a transitional state (scale, SSH key, affinity groups): the
 * checks CloudStack makes in the command's execute() run when the job runs, in `apply`, and a
 * thrown CloudStackApiError fails the job with its code. The job answers the VM.
 */
export function submitVmChange(ctx: CommandContext, vm: VirtualMachine, apply: () => void, job: VmChangeJob = { instanceType: 'VirtualMachine', onVm: true }): Record<string, unknown> {
  const payload = ctx.submitJob({
    instanceType: job.instanceType,
    instanceId: job.onVm ? vm.id : undefined,
    complete() {
      apply();
      return { virtualmachine: virtualMachineView(ctx.sim, vm) };
    },
  });
  if (job.onVm) vm.lastJobId = payload.jobid as string;
  return payload;
}
