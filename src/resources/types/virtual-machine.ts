import type { ResourceContext, ResourceType } from '../resource-type';
import { withDeploySlots } from '../support/deploy-slots';
import { createdIdOfStep, finishPendingStep, runJobStep, stepStarted } from '../support/job-steps';
import { claimDeployName, recordDeployIntent } from '../support/deploy-intent';
import { deterministicName } from '../support/naming';
import { optionalBoolean, optionalString } from '../support/properties';
import { creationPolicyToken, waitForSignals } from '../support/signal-wait';
import { deployParameters, renderUserData, toBase64, VM_PROPERTIES } from '../support/vm-properties';
import { listVmsById, privateIpOf, tagVmsOnce, type VmView, vmsNamed } from '../support/vm-lookup';
import { clearUpdateSteps } from '../support/update-steps';
import { destroyVmOnce } from '../support/vm-destroy';
import { destroyDiscards, discardForRedeploy, finishDiscards, mayRedeploy } from '../support/vm-redeploy';
import { updateVmInPlace } from './shared/vm-update';
import { removalNeedsReplacement, vmTargetOf } from './shared/vm-update-target';

/**
 * Deploys the VM, or resumes through the recorded deploy job. Before the first submission a VM
 * of the same name is adopted only when it carries this resource's tags; one whose deploy a
 * worker that died submitted after this resource's deploy intent is resumed through that job
 * (support/deploy-intent.ts); any other fails the resource (a user's hand-made VM is never
 * taken, nor later destroyed with the stack).
 */
async function deployVm(ctx: ResourceContext, name: string, userData: string | undefined, startVm: boolean, onSubmitted: (id: string) => unknown): Promise<VmView | string> {
  if (!stepStarted(ctx, 'deploy')) {
    const claimed = await claimDeployName(ctx, (await vmsNamed(ctx, [name])).get(name) ?? [], 'deploy');
    // A VM resumed through its job continues below, through the recorded step; an adopted one is done.
    if (claimed && !stepStarted(ctx, 'deploy')) return claimed;
    if (!claimed) await recordDeployIntent(ctx);
  }
  const base = await deployParameters(ctx);
  const result = await withDeploySlots(ctx, 'deploy', base.networkids, () => runJobStep(ctx, 'deploy', 'deployVirtualMachine', {
    ...base,
    name,
    displayname: optionalString(ctx.properties, 'DisplayName') ?? name,
    userdata: userData === undefined ? undefined : toBase64(userData),
    ipaddress: optionalString(ctx.properties, 'IpAddress'),
    startvm: startVm,
  }, async (id) => {
    if (!id) return;
    await ctx.save({ physicalId: ctx.state.physicalId ?? id });
    onSubmitted(id);
  }));
  // CloudStack answers the deploy with the VM, its nics and state: the attributes need no read.
  return result.virtualmachine as VmView;
}

interface DeployedVm {
  id: string;
  /** The VMs this run deployed: they cannot carry tags yet, so their tag job needs no look first. */
  deployedNow: Set<string>;
  /** The VM as its deploy job answered it in this run (not when adopted or resumed). */
  answered?: VmView;
}

/** The VM of the current attempt: deployed, resumed through its recorded job, or adopted. */
async function deployOrResume(ctx: ResourceContext, name: string, userData: string | undefined): Promise<DeployedVm> {
  // The tag job runs while the VM boots: CloudStack allocates the VM when it accepts the deploy.
  let tagging: Promise<void> | undefined;
  const deployedNow = new Set<string>();
  try {
    const deployed = ctx.state.physicalId ?? (await deployVm(ctx, name, userData, optionalBoolean(ctx.properties, 'StartVm') ?? true, (vmId) => {
      deployedNow.add(vmId);
      // Handled at once: a tag job that fails while the deploy runs would otherwise be an
      // unhandled rejection, which ends the process.
      tagging = tagVmsOnce(ctx, [vmId], 'tag', deployedNow).catch(() => undefined);
    }));
    const id = typeof deployed === 'string' ? deployed : String(deployed.id);
    if (ctx.state.physicalId !== id) await ctx.save({ physicalId: id });
    // The deploy job may have been submitted by a worker that died: make sure it finished.
    await finishPendingStep(ctx, 'deploy');
    return { id, deployedNow, answered: typeof deployed === 'string' ? undefined : deployed };
  } finally {
    // Settled before anything is thrown, so no job of this VM runs on unseen; a failed tag job
    // was forgotten by its step and is submitted again by the caller.
    await tagging;
  }
}

/**
 * What Fn::GetAtt answers, read from CloudStack (the public IP follows static NAT), or taken from
 * the VM as its deploy job just answered it, when that answer carries its IP.
 */
async function vmAttributes(ctx: ResourceContext, id: string, answered?: VmView): Promise<Record<string, unknown>> {
  const vm = answered?.id === id && privateIpOf(answered) ? answered : (await listVmsById(ctx, [id])).get(id);
  if (!vm) throw new Error(`Virtual machine ${id} cannot be found`);
  return { Id: id, Name: vm.name, PrivateIp: privateIpOf(vm), PublicIp: vm.publicip };
}

const vmName = (ctx: ResourceContext): string => optionalString(ctx.properties, 'Name') ?? deterministicName(ctx);

export const virtualMachineType: ResourceType = {
  schema: {
    typeName: 'CloudStack::VirtualMachine',
    carriesStackTags: true,
    description: 'A virtual machine deployed from a template.',
    properties: {
      ...VM_PROPERTIES,
      Name: { type: 'String', description: 'VM name (hostname); defaults to a name derived from the stack and logical id.', cloudstackParameter: 'name', updateBehavior: 'Replacement' },
      DisplayName: { type: 'String', description: 'Display name.', cloudstackParameter: 'displayname', updateBehavior: 'Mutable' },
      IpAddress: { type: 'String', description: 'Guest IP address to request on the default network.', cloudstackParameter: 'ipaddress', updateBehavior: 'Replacement' },
      StartVm: { type: 'Boolean', description: 'Start the VM after deployment (default true).', cloudstackParameter: 'startvm', updateBehavior: 'Replacement' },
    },
    // A removal CloudStack cannot make in place replaces the VM, with the reason in the change set.
    updateBehaviorOf: removalNeedsReplacement,
    attributes: {
      Id: { type: 'String', description: 'The VM id (also its Ref).' },
      Name: { type: 'String', description: 'The VM name.' },
      PrivateIp: { type: 'String', description: 'The IP address of the default NIC.' },
      PublicIp: { type: 'String', description: 'The public IP, when static NAT maps one to the VM.' },
    },
  },

  async create(ctx) {
    const name = vmName(ctx);
    const token = await creationPolicyToken(ctx);
    const text = optionalString(ctx.properties, 'UserData');
    const userData = text === undefined ? undefined : renderUserData(text, token ? { SignalUrl: ctx.signals.urlFor(token) } : {});
    let deployed: DeployedVm;
    for (;;) {
      await finishDiscards(ctx);
      try {
        deployed = await deployOrResume(ctx, name, userData);
        break;
      } catch (error) {
        // CloudStack gave the VM an address another VM holds: the race passes on a new deploy.
        if (!mayRedeploy(ctx, error)) throw error;
        await discardForRedeploy(ctx, error, ['deploy', 'tag']);
      }
    }
    const { id, deployedNow, answered } = deployed;
    await tagVmsOnce(ctx, [id], 'tag', deployedNow);
    if (token && ctx.creationPolicy) await waitForSignals(ctx, token, ctx.creationPolicy, `Resource ${ctx.logicalId}`);
    return { physicalId: id, attributes: await vmAttributes(ctx, id, answered) };
  },

  // Update steps are namespaced by the target and cleared once it is reached (support/update-steps.ts).
  async update(ctx) {
    const id = ctx.state.physicalId;
    if (!id) throw new Error(`Virtual machine ${ctx.logicalId} has no physical id to update`);
    await updateVmInPlace(ctx, id, vmTargetOf(ctx, vmName(ctx)));
    await clearUpdateSteps(ctx);
    return { physicalId: id, attributes: await vmAttributes(ctx, id) };
  },

  async delete(ctx) {
    const token = ctx.state.metadata.signalToken as string | undefined;
    // A deploy a crashed run submitted but never recorded is found through its job.
    const id = ctx.state.physicalId ?? (await createdIdOfStep(ctx, 'deploy', 'virtualmachine'));
    if (id) await destroyVmOnce(ctx, 'destroy', id);
    await destroyDiscards(ctx);
    if (token) await ctx.signals.unregister(token);
  },
};
