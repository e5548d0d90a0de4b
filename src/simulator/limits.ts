import { resourceLimitExceeded } from './errors';
import type { SimulatorState } from './state/store';
import type { Account } from './state/types';

/** CloudStack's resource types: number (resourcetype parameter) ↔ name (resourcetypename). */
export const RESOURCE_TYPES: ReadonlyArray<{ type: number; name: string }> = [
  { type: 0, name: 'user_vm' }, { type: 1, name: 'public_ip' }, { type: 2, name: 'volume' }, { type: 3, name: 'snapshot' },
  { type: 4, name: 'template' }, { type: 5, name: 'project' }, { type: 6, name: 'network' }, { type: 7, name: 'vpc' },
  { type: 8, name: 'cpu' }, { type: 9, name: 'memory' }, { type: 10, name: 'primary_storage' }, { type: 11, name: 'secondary_storage' },
];

/** The defaults of CloudStack's max.account.* settings; the root admin's account is unlimited. */
const ACCOUNT_DEFAULTS: Record<string, number> = {
  user_vm: 20, public_ip: 20, volume: 20, snapshot: 20, template: 20, project: 20, network: 20, vpc: 20,
  cpu: 40, memory: 40960, primary_storage: 200, secondary_storage: 400,
};

export function limitOf(state: SimulatorState, account: Account, resourceType: string): number {
  const override = state.limitOverrides.get(account.id)?.get(resourceType);
  if (override !== undefined) return override;
  return account.roleType === 'Admin' ? -1 : ACCOUNT_DEFAULTS[resourceType] ?? -1;
}

/** Throws 532 when adding `delta` of a resource would take the account past its limit. */
export function checkResourceLimit(state: SimulatorState, account: Account, resourceType: string, delta = 1): void {
  const max = limitOf(state, account, resourceType);
  if (max < 0) return;
  if (state.usageOf(resourceType, account.id) + delta > max) throw resourceLimitExceeded(resourceType, account.name, account.domainId);
}
