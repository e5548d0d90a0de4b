import type { ResourceContext } from '../resource-type';
import { carriesOwnTags, type Tag } from './ownership';
import { runCallStep, runJobStep, stepDone, stepStarted } from './job-steps';
import { isTagAlreadyPresent, stackTagFilter, tagParams } from './tagging';

export interface VmView {
  id: string;
  name: string;
  state: string;
  nic?: Array<{ ipaddress?: string; isdefault?: boolean; networkid?: string }>;
  publicip?: string;
  zonename?: string;
  tags?: Tag[];
}

export function privateIpOf(vm: VmView): string | undefined {
  const nics = vm.nic ?? [];
  return (nics.find((n) => n.isdefault) ?? nics[0])?.ipaddress;
}

/**
 * VMs of the caller's account by exact name (CloudStack's filters match substrings too), with
 * their tags: what a deploy under one of these names would collide with.
 */
export async function vmsNamed(ctx: ResourceContext, names: string[]): Promise<Map<string, VmView[]>> {
  const wanted = new Set(names);
  const found = new Map<string, VmView[]>();
  if (names.length === 0) return found;
  // One keyword search covers every member of a group: their names share the prefix.
  const prefix = commonPrefix(names);
  const vms = await ctx.api.listAll<VmView>('listVirtualMachines', { keyword: prefix }, 'virtualmachine');
  for (const vm of vms) {
    if (wanted.has(vm.name) && !['Destroyed', 'Expunging'].includes(vm.state)) found.set(vm.name, [...(found.get(vm.name) ?? []), vm]);
  }
  return found;
}

/** VMs carrying this resource's tags: what a crashed run made and tagged but failed to record. */
export async function vmsTaggedFor(ctx: ResourceContext): Promise<VmView[]> {
  const tagged = await ctx.api.listAll<VmView>('listVirtualMachines', stackTagFilter(ctx), 'virtualmachine');
  // The filter cannot say "no generation tag": another generation of this resource matches it too.
  return tagged.filter((vm) => carriesOwnTags(ctx, vm.tags));
}

/**
 * Tags VMs with the stack and resource in one createTags job, recorded as `step` (a group that
 * grows tags its new members under an update step). VMs that already carry the tags (tagged by a
 * job whose id a crash lost) are left out, since CloudStack refuses a tag twice. When this run
 * deployed every one of them (`deployedNow`) and the step never started, none can carry the tags
 * and nothing is looked up, unless createTags is refused as already there.
 */
export async function tagVmsOnce(ctx: ResourceContext, ids: string[], step = 'tag', deployedNow: ReadonlySet<string> = new Set()): Promise<void> {
  if (ids.length === 0 || stepDone(ctx, step)) return;
  if (!stepStarted(ctx, step) && ids.every((id) => deployedNow.has(id))) {
    try {
      await runJobStep(ctx, step, 'createTags', tagParams(ctx, 'UserVm', ids));
      return;
    } catch (error) {
      if (!isTagAlreadyPresent(error)) throw error;
    }
  }
  const tagged = new Set((await vmsTaggedFor(ctx)).map((vm) => vm.id));
  const untagged = ids.filter((id) => !tagged.has(id));
  if (untagged.length === 0) await runCallStep(ctx, step, async () => ({}));
  else await runJobStep(ctx, step, 'createTags', tagParams(ctx, 'UserVm', untagged));
}

export async function listVmsById(ctx: ResourceContext, ids: string[]): Promise<Map<string, VmView>> {
  if (ids.length === 0) return new Map();
  const vms = await ctx.api.listAll<VmView>('listVirtualMachines', { ids: ids.join(',') }, 'virtualmachine');
  return new Map(vms.map((vm) => [vm.id, vm]));
}

function commonPrefix(names: string[]): string {
  let prefix = names[0];
  for (const name of names) {
    while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}
