/**
 * # Command groups of the CloudStack simulator
 *
 * Each group lives in `src/simulator/commands/<group>.ts` and exports an array of `CommandSpec`
 * (see `../registry.ts`), registered in `registerCommandGroups` below. Registration is all it
 * takes: dispatch, listApis, permission by role, required/typed parameter checks, the fidelity
 * test (test/integration/simulator/fidelity.test.ts) and statistics pick the command up.
 *
 * ## Writing a command
 *
 * ```ts
 * export const volumeCommands: CommandSpec[] = [{
 *   name: 'createVolume',                 // the API name, exactly as CloudStack spells it
 *   description: 'Creates a disk volume ...',
 *   isasync: true,
 *   cmdClass: 'org.apache.cloudstack.api.command.user.volume.CreateVolumeCmd', // job `cmd`
 *   roles: ['Admin', 'DomainAdmin', 'User'],      // optional; others get 432 "does not exist"
 *   params: [{ name: 'zoneid', type: 'uuid', required: true, description: '...', related: 'listZones' }, ...],
 *   response: [{ name: 'id', type: 'string', description: 'ID of the disk volume' }, ...],
 *   handler(ctx) { ... },
 * }];
 * ```
 *
 * - `params` are enforced before the handler runs: a missing required one → 431 "due to missing
 *   parameter"; a uuid/integer/long that does not parse → 431 naming it. Map params
 *   (`tags[0].key=...`) are read with `ctx.map('tags')`, lists with `ctx.list('ids')`.
 * - Read with `ctx.str / ctx.requireStr / ctx.bool(name, default) / ctx.int`.
 * - Objects: `ctx.owned(ctx.state.virtualMachines, 'virtualmachineid')` (unknown → 431, another
 *   account's → 531); shared objects (zones, offerings): `ctx.shared(map, param)`.
 * - New object kinds: `ctx.state.collection<PublicIp>('publicipaddress')`, plus, once at
 *   registration time (the `setup` export of a group, see below),
 *   `state.registerTaggable('PublicIpAddress', id => ...)` so createTags/listTags know them,
 *   `state.registerInUseCheck('Network', id => reason)` so deleting what they depend on fails
 *   with 536, and `state.registerUsageCounter('public_ip', accountId => n)` for limits (532,
 *   checked with `checkResourceLimit(state, account, 'public_ip')` from `../limits`).
 * - Lists: filter with `ctx.scope()` (listall / account / domainid / isrecursive rules), then
 *   `return ctx.listAnswer('publicipaddress', items, view, item => [keywordFields])`: keyword,
 *   `tags[n].key/value`, paging and the `{count, <object>: [...]}` / `{}` shapes are handled.
 *   Objects show their tags with `tagsViewOf(state, id)` from `../tags`.
 * - Single objects: `return singlePayload('network', view)`; deletions that are synchronous in
 *   CloudStack: `return successPayload()`.
 * - Async commands validate what CloudStack validates before the job (bad ids, permissions,
 *   limits) and throw; then `return ctx.submitJob({ instanceType: 'IpAddress', instanceId: id,
 *   returnsId: true, complete() { ...apply...; return { ipaddress: view } }, onFailure(err) {
 *   ...undo transitional state... } })`. `complete` runs after the latency model; throwing a
 *   CloudStackApiError in it fails the job with that errorcode (e.g. 536, 533); `--fail-rate`
 *   failures call `onFailure` too. Set `injectedFailure` for a command-specific injected error.
 * - What CloudStack checks in the command's execute() runs in the job for async commands (state
 *   rules, names, permissions of parameters without @ACL), so it fails the job: an
 *   InvalidParameterValueException as 431, anything else as 530 (`permissionDeniedInJob`).
 * - Errors: helpers in `../errors` (entityNotFound, permissionDenied, resourceInUse,
 *   insufficientCapacity, invalidParameter, ...) and `../../cloudstack-api`.
 * - A command class that keeps its own s_name (ResetVMSSHKeyCmd, UpdateVMAffinityGroupCmd) sets
 *   `responseName`: its answers and errors then use that envelope (see `../envelope.ts`).
 *
 * ## Registering a group
 *
 * Add it to `COMMAND_GROUPS`; if it brings object kinds, export a `setup(runtime)` that registers
 * taggable types, in-use checks and usage counters, and add it to `GROUP_SETUPS`.
 */
import { installCloudInit } from '../cloud-init';
import type { SimulatorRuntime } from '../runtime';
import type { CommandSpec } from '../registry';
import { accountCommands } from './accounts';
import { apiDiscoveryCommands } from './apis';
import { infrastructureCommands } from './infrastructure';
import { networkCommands, setupNetworks } from './networks';
import { setupVirtualMachines, virtualMachineCommands } from './virtual-machines';
import { jobCommands } from './jobs';
import { simulatorAdminCommands } from './simulator-admin';
import { tagCommands } from './tags';
import { affinityGroupCommands, setupAffinityGroups } from './affinity-groups';
import { securityGroupCommands, setupSecurityGroups } from './security-groups';
import { sshKeyCommands } from './ssh-keys';
import { publicIpCommands, setupPublicIps } from './public-ips';
import { firewallCommands } from './firewall';
import { portForwardingCommands } from './port-forwarding';
import { staticNatCommands } from './static-nat';
import { loadBalancerCommands } from './load-balancers';
import { setupVolumes, volumeCommands } from './volumes';
import { setupSnapshots, snapshotCommands } from './snapshots';
import { vmUpdateCommands } from './vm-updates';
import { vmOfferingCommands } from './vm-offering-changes';
import { networkUpdateCommands } from './network-updates';
import { loadBalancerUpdateCommands } from './load-balancer-updates';
import { portForwardingUpdateCommands } from './port-forwarding-updates';
import { securityGroupUpdateCommands } from './security-group-updates';
import { volumeResizeCommands } from './volume-resizes';
import { emulatedClusterCommands } from './emulated-clusters';

export const COMMAND_GROUPS: CommandSpec[][] = [
  accountCommands,
  infrastructureCommands,
  networkCommands,
  virtualMachineCommands,
  jobCommands,
  tagCommands,
  simulatorAdminCommands,
  securityGroupCommands,
  sshKeyCommands,
  affinityGroupCommands,
  publicIpCommands,
  firewallCommands,
  portForwardingCommands,
  staticNatCommands,
  loadBalancerCommands,
  volumeCommands,
  snapshotCommands,
  // What a stack update changes in place (issue 10).
  vmUpdateCommands,
  vmOfferingCommands,
  networkUpdateCommands,
  loadBalancerUpdateCommands,
  portForwardingUpdateCommands,
  securityGroupUpdateCommands,
  volumeResizeCommands,
  // The cluster emulator's view and load (issue 12).
  emulatedClusterCommands,
];

export const GROUP_SETUPS: Array<(runtime: SimulatorRuntime) => void> = [
  setupNetworks, setupVirtualMachines, installCloudInit, setupSecurityGroups, setupAffinityGroups, setupPublicIps, setupVolumes, setupSnapshots,
];

export function registerCommandGroups(runtime: SimulatorRuntime): void {
  for (const setup of GROUP_SETUPS) setup(runtime);
  for (const group of COMMAND_GROUPS) runtime.registry.register(...group);
  runtime.registry.register(...apiDiscoveryCommands(runtime.registry));
}
