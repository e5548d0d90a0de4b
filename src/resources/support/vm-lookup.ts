import type { ResourceContext } from '../resource-type';

export interface VmView {
  id: string;
  name: string;
  state: string;
  nic?: Array<{ ipaddress?: string; isdefault?: boolean; networkid?: string }>;
  publicip?: string;
  zonename?: string;
}

export function privateIpOf(vm: VmView): string | undefined {
  const nics = vm.nic ?? [];
  return (nics.find((n) => n.isdefault) ?? nics[0])?.ipaddress;
}

/** VMs of the caller's account by exact name; CloudStack's `name` filter matches substrings too. */
export async function findVmsByName(ctx: ResourceContext, names: string[]): Promise<Map<string, VmView>> {
  const wanted = new Set(names);
  const found = new Map<string, VmView>();
  if (names.length === 0) return found;
  // One keyword search covers every member of a group: their names share the prefix.
  const prefix = commonPrefix(names);
  const vms = await ctx.api.listAll<VmView>('listVirtualMachines', { keyword: prefix }, 'virtualmachine');
  for (const vm of vms) {
    if (wanted.has(vm.name) && !['Destroyed', 'Expunging', 'Error'].includes(vm.state)) found.set(vm.name, vm);
  }
  return found;
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
