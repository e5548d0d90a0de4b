import type { UpdateContext } from '../../resource-type';
import { runCallStep, runJobStep, stepDone, stepStarted } from '../../support/job-steps';
import { securityGroupIds } from '../../support/security-group-refs';
import { updateMarker, updateStep } from '../../support/update-steps';
import { toBase64 } from '../../support/vm-properties';
import { scaleLiveIfPossible, SizedVm } from './vm-offering';

/** What an update asks of one VM; a field is set only when its property changed. */
export interface VmTarget {
  displayName?: string;
  /** Plain text, already rendered. */
  userData?: string;
  /** Service offering name or id. */
  serviceOffering?: string;
  /** Key pair name or id. */
  keyPair?: string;
  affinityGroupIds?: string[];
  /** Security groups by name or id (SecurityGroups) and by id (SecurityGroupIds), together. */
  securityGroups?: { namesOrIds: string[]; ids: string[] };
}

interface ListedVm extends SizedVm {
  name: string;
  displayname?: string;
  keypairs?: string;
  affinitygroup?: Array<{ id: string }>;
  securitygroup?: Array<{ id: string }>;
}

/** The update stopped this VM and owes it a start: kept across update namespaces (see update-steps). */
const STOPPED_BY_UPDATE = updateMarker('stopped-vm');

async function readVm(ctx: UpdateContext, id: string): Promise<ListedVm> {
  const [vm] = await ctx.api.listAll<ListedVm>('listVirtualMachines', { id }, 'virtualmachine');
  if (!vm || vm.id !== id) throw new Error(`Virtual machine ${id} cannot be found`);
  return vm;
}

async function currentUserData(ctx: UpdateContext, id: string): Promise<string> {
  const answer = await ctx.api.request<{ virtualmachineuserdata?: { userdata?: string } }>('getVirtualMachineUserData', { virtualmachineid: id });
  return answer.virtualmachineuserdata?.userdata ?? '';
}

const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/**
 * What still differs between the VM and the target, read from CloudStack rather than from the
 * properties: a rollback (the VM half-way between the two) and a re-run after the update steps
 * were cleared then make only the calls that are still needed.
 */
async function pendingChanges(ctx: UpdateContext, vm: ListedVm, target: VmTarget) {
  const userData = target.userData === undefined ? undefined : toBase64(target.userData);
  const offeringId = target.serviceOffering === undefined ? undefined : await ctx.api.resolveServiceOfferingId(target.serviceOffering);
  const keyPair = target.keyPair === undefined ? undefined : await ctx.api.resolveKeyPairName(target.keyPair);
  const keys = (vm.keypairs ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  const groups = (vm.affinitygroup ?? []).map((g) => g.id);
  // A VM outside a security-group network is in no group, and CloudStack ignores groups for it.
  const securityGroupsNow = (vm.securitygroup ?? []).map((g) => g.id);
  const wantedSecurityGroups = target.securityGroups === undefined || securityGroupsNow.length === 0
    ? undefined
    : await securityGroupIds(ctx, target.securityGroups.namesOrIds, target.securityGroups.ids);
  return {
    displayName: target.displayName !== undefined && target.displayName !== vm.displayname ? target.displayName : undefined,
    userData: userData !== undefined && userData !== (await currentUserData(ctx, vm.id)) ? userData : undefined,
    offeringId: offeringId !== undefined && offeringId !== vm.serviceofferingid ? offeringId : undefined,
    keyPair: keyPair !== undefined && !sameSet(keys, [keyPair]) ? keyPair : undefined,
    affinityGroupIds: target.affinityGroupIds !== undefined && !sameSet(groups, target.affinityGroupIds) ? target.affinityGroupIds : undefined,
    securityGroupIds: wantedSecurityGroups !== undefined && !sameSet(securityGroupsNow, wantedSecurityGroups) ? wantedSecurityGroups : undefined,
  };
}

/**
 * Stops the VM for changes CloudStack makes only on a stopped VM, if it is running. The marker
 * is recorded before the stop is submitted: a worker that dies right after still knows the VM
 * was running and starts it again. A VM its owner had stopped stays stopped.
 */
async function stopForUpdate(ctx: UpdateContext, vm: ListedVm): Promise<void> {
  const step = updateStep(ctx, 'stop');
  if (!stepStarted(ctx, step) && vm.state !== 'Running') return;
  if (!stepDone(ctx, STOPPED_BY_UPDATE)) await runCallStep(ctx, STOPPED_BY_UPDATE, async () => ({}));
  await runJobStep(ctx, step, 'stopVirtualMachine', { id: vm.id });
}

/** Starts the VM again if an update (this one, or an abandoned one this update rolls back) stopped it. */
async function startIfStoppedByUpdate(ctx: UpdateContext, id: string): Promise<void> {
  if (!stepDone(ctx, STOPPED_BY_UPDATE)) return;
  await runJobStep(ctx, updateStep(ctx, 'start'), 'startVirtualMachine', { id });
}

/**
 * Changes a VM in place, with at most one stop/start cycle for every change that needs a stopped
 * VM (user data, which cloud-init reads at boot; key pair; affinity and security groups; an
 * offering that cannot be scaled live), and none for a display name or a live scale. Each call is a recorded
 * step, so a resumed worker neither repeats a finished call nor submits a pending one again.
 */
export async function updateVmInPlace(ctx: UpdateContext, vmId: string, target: VmTarget): Promise<void> {
  const vm = await readVm(ctx, vmId);
  const pending = await pendingChanges(ctx, vm, target);
  const scaledLive = pending.offeringId !== undefined && (await scaleLiveIfPossible(ctx, vm, pending.offeringId));
  const offeringWhileStopped = scaledLive ? undefined : pending.offeringId;
  const { displayName, userData, keyPair, affinityGroupIds, securityGroupIds: groups } = pending;
  const needsStop = [userData, offeringWhileStopped, keyPair, affinityGroupIds, groups].some((change) => change !== undefined);
  if (needsStop) await stopForUpdate(ctx, vm);
  if (displayName !== undefined || userData !== undefined || groups !== undefined) {
    await runCallStep(ctx, updateStep(ctx, 'update-vm'), () => ctx.api.request('updateVirtualMachine', {
      id: vmId, displayname: displayName, userdata: userData, securitygroupids: groups?.join(','),
    }));
  }
  if (offeringWhileStopped !== undefined) {
    await runCallStep(ctx, updateStep(ctx, 'change-offering'), () => ctx.api.request('changeServiceForVirtualMachine', { id: vmId, serviceofferingid: offeringWhileStopped }));
  }
  if (keyPair !== undefined) {
    await runJobStep(ctx, updateStep(ctx, 'reset-ssh-key'), 'resetSSHKeyForVirtualMachine', { id: vmId, keypair: keyPair });
  }
  if (affinityGroupIds !== undefined) {
    await runJobStep(ctx, updateStep(ctx, 'affinity-groups'), 'updateVMAffinityGroup', { id: vmId, affinitygroupids: affinityGroupIds.join(',') });
  }
  await startIfStoppedByUpdate(ctx, vmId);
}
