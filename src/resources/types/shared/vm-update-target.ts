import type { RefinedUpdateBehavior } from '../../../template';
import type { UpdateContext } from '../../resource-type';
import { optionalString, stringList } from '../../support/properties';
import { renderUserData } from '../../support/vm-properties';
import type { VmTarget } from './vm-update';

/**
 * The VmTarget of an update of one VM, in CloudStack::VirtualMachine property names, from the
 * properties that changed. User data is rendered as create renders it: ${SignalUrl} with the
 * token the VM was created with (a token is never made here: no one waits on signals after an
 * update), every other placeholder left for the VM.
 */
export function vmTargetOf(ctx: UpdateContext, vmName: string): VmTarget {
  const { properties } = ctx;
  const has = (name: string): boolean => ctx.changedProperties.includes(name);
  const token = ctx.state.metadata.signalToken as string | undefined;
  const text = optionalString(properties, 'UserData');
  return {
    // Create names the display name after the VM when the template leaves it out.
    displayName: has('DisplayName') ? optionalString(properties, 'DisplayName') ?? vmName : undefined,
    userData: has('UserData') && text !== undefined ? renderUserData(text, token ? { SignalUrl: ctx.signals.urlFor(token) } : {}) : undefined,
    serviceOffering: has('ServiceOffering') ? optionalString(properties, 'ServiceOffering') : undefined,
    keyPair: has('KeyPair') ? optionalString(properties, 'KeyPair') : undefined,
    affinityGroupIds: has('AffinityGroupIds') ? stringList(properties, 'AffinityGroupIds') : undefined,
    securityGroups: has('SecurityGroups') || has('SecurityGroupIds')
      ? { namesOrIds: stringList(properties, 'SecurityGroups'), ids: stringList(properties, 'SecurityGroupIds') }
      : undefined,
  };
}

/**
 * Removing what CloudStack can only set: resetSSHKeyForVirtualMachine sets a key pair and
 * updateVirtualMachine user data or security groups, updateVMAffinityGroup needs at least one
 * group; none takes the last one off a VM, so the VM is replaced.
 */
export function removalNeedsReplacement(property: string, before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): RefinedUpdateBehavior | undefined {
  const removal = REMOVALS.find((r) => r.properties.includes(property));
  if (!removal || !removal.properties.some((p) => present(before[p])) || removal.properties.some((p) => present(after[p]))) return undefined;
  return { behavior: 'Replacement', reason: `CloudStack cannot take ${removal.what} off a virtual machine in place, so removing ${property} replaces it` };
}

/** Properties whose values together are one thing CloudStack can change but not remove. */
const REMOVALS: Array<{ properties: string[]; what: string }> = [
  { properties: ['UserData'], what: 'user data' },
  { properties: ['KeyPair'], what: 'an SSH key pair' },
  { properties: ['AffinityGroupIds'], what: 'every affinity group' },
  { properties: ['SecurityGroups', 'SecurityGroupIds'], what: 'every security group' },
];

function present(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null && value !== '';
}
