import { formatCloudStackDate } from '../../cloudstack-api';
import { limitOf, RESOURCE_TYPES } from '../limits';
import type { SimulatorState } from '../state/store';
import { ACCOUNT_TYPE, type Account, type Domain, type User } from '../state/types';

const ROLE_NAMES = { Admin: 'Root Admin', DomainAdmin: 'Domain Admin', User: 'User' } as const;


/** A user as listUsers shows it. The secret key never appears in list answers (getUserKeys only). */
export function userView(state: SimulatorState, user: User): Record<string, unknown> {
  const account = state.accounts.get(user.accountId) as Account;
  const domain = state.domains.get(account.domainId) as Domain;
  return {
    id: user.id,
    username: user.username,
    firstname: user.firstname,
    lastname: user.lastname,
    email: user.email,
    created: formatCloudStackDate(user.created),
    state: user.state,
    account: account.name,
    accounttype: ACCOUNT_TYPE[account.roleType],
    usersource: 'native',
    roleid: state.roleIds[account.roleType],
    roletype: account.roleType,
    rolename: ROLE_NAMES[account.roleType],
    domainid: domain.id,
    domain: domain.name,
    timezone: 'UTC',
    apikey: user.apiKey,
    accountid: account.id,
    iscallerchilddomain: false,
    isdefault: account.name === 'admin' && user.username === 'admin',
  };
}

function limitFields(state: SimulatorState, account: Account): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const prefixes: Record<string, string> = {
    user_vm: 'vm', public_ip: 'ip', volume: 'volume', snapshot: 'snapshot', template: 'template', project: 'project',
    network: 'network', vpc: 'vpc', cpu: 'cpu', memory: 'memory', primary_storage: 'primarystorage', secondary_storage: 'secondarystorage',
  };
  for (const { name } of RESOURCE_TYPES) {
    const prefix = prefixes[name];
    const max = limitOf(state, account, name);
    const total = state.usageOf(name, account.id);
    out[`${prefix}limit`] = max < 0 ? 'Unlimited' : String(max);
    out[`${prefix}total`] = total;
    out[`${prefix}available`] = max < 0 ? 'Unlimited' : String(Math.max(0, max - total));
  }
  return out;
}

export function accountView(state: SimulatorState, account: Account): Record<string, unknown> {
  const domain = state.domains.get(account.domainId) as Domain;
  const users = [...state.users.values()].filter((u) => u.accountId === account.id);
  const running = [...state.virtualMachines.values()].filter((vm) => vm.accountId === account.id && vm.state === 'Running').length;
  return {
    id: account.id,
    name: account.name,
    accounttype: ACCOUNT_TYPE[account.roleType],
    roleid: state.roleIds[account.roleType],
    roletype: account.roleType,
    rolename: ROLE_NAMES[account.roleType],
    domainid: domain.id,
    domain: domain.name,
    domainpath: domain.path,
    state: account.state,
    created: formatCloudStackDate(account.created),
    isdefault: account.name === 'admin',
    groups: [],
    accountdetails: {},
    receivedbytes: 0,
    sentbytes: 0,
    vmrunning: running,
    ...limitFields(state, account),
    user: users.map((u) => userView(state, u)),
  };
}

export function domainView(state: SimulatorState, domain: Domain): Record<string, unknown> {
  const parent = domain.parentId ? state.domains.get(domain.parentId) : undefined;
  const children = [...state.domains.values()].some((d) => d.parentId === domain.id);
  const unlimited: Record<string, unknown> = {};
  for (const { name } of RESOURCE_TYPES) {
    const prefix = name.replace('user_vm', 'vm').replace('public_ip', 'ip').replace('_', '');
    const total = [...state.accounts.values()].filter((a) => a.domainId === domain.id).reduce((sum, a) => sum + state.usageOf(name, a.id), 0);
    Object.assign(unlimited, { [`${prefix}limit`]: 'Unlimited', [`${prefix}total`]: total, [`${prefix}available`]: 'Unlimited' });
  }
  return {
    id: domain.id,
    name: domain.name,
    level: domain.level,
    parentdomainid: parent?.id,
    parentdomainname: parent?.name,
    haschild: children,
    path: domain.path,
    state: 'Active',
    created: formatCloudStackDate(domain.created),
    ...unlimited,
  };
}
