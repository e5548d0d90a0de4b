import { CloudStackApiError, ErrorCode, singlePayload } from '../../cloudstack-api';
import { assertAccess, canAccess, isInSubtree } from '../access';
import { entityNotFound, invalidParameter } from '../errors';
import { RESOURCE_TYPES } from '../limits';
import { LIST_PARAMS, OWNED_LIST_PARAMS, type CommandSpec, type ResponseField } from '../registry';
import { ACCOUNT_TYPE } from '../state/types';
import { accountView, domainView, userView } from '../views/accounts';

const field = (name: string, type: ResponseField['type'], description: string): ResponseField => ({ name, type, description });

const USER_FIELDS: ResponseField[] = [
  field('id', 'string', 'the user ID'), field('username', 'string', 'the user name'), field('firstname', 'string', 'the user firstname'),
  field('lastname', 'string', 'the user lastname'), field('email', 'string', 'the user email address'), field('created', 'date', 'the date and time the user account was created'),
  field('state', 'string', 'the user state'), field('account', 'string', 'the account name of the user'), field('accounttype', 'integer', 'the account type of the user'),
  field('roletype', 'string', 'the type of the role'), field('rolename', 'string', 'the name of the role'), field('roleid', 'string', 'the ID of the role'),
  field('domainid', 'string', 'the domain ID of the user'), field('domain', 'string', 'the domain name of the user'), field('apikey', 'string', 'the api key of the user'),
  field('accountid', 'string', 'the account ID of the user'), field('isdefault', 'boolean', 'true if user is default, false otherwise'),
];

const getUser: CommandSpec = {
  name: 'getUser',
  description: 'Find user account by API key',
  isasync: false,
  since: '4.0.0',
  roles: ['Admin'],
  params: [{ name: 'userapikey', type: 'string', required: true, description: 'API key of the user' }],
  response: USER_FIELDS,
  handler(ctx) {
    const apiKey = ctx.requireStr('userapikey');
    const user = [...ctx.state.users.values()].find((u) => u.apiKey === apiKey);
    if (!user) throw invalidParameter('Unable to find user by API key');
    return singlePayload('user', userView(ctx.state, user));
  },
};

const getUserKeys: CommandSpec = {
  name: 'getUserKeys',
  description: 'This command allows the user to query the seceret and API keys for the account',
  isasync: false,
  since: '4.10.0',
  params: [{ name: 'id', type: 'uuid', required: true, description: 'ID of the user whose keys are required', related: 'listUsers' }],
  response: [field('apikey', 'string', 'the api key of the registered user'), field('secretkey', 'string', 'the secret key of the registered user')],
  handler(ctx) {
    const user = ctx.shared(ctx.state.users, 'id');
    const account = ctx.state.accounts.get(user.accountId);
    if (!account) throw entityNotFound(ctx.command, 'id', user.id);
    // A plain user may read only the keys of their own user, not of others in the same account.
    if (ctx.caller.role === 'User' && user.id !== ctx.caller.user.id) throw entityNotFound(ctx.command, 'id', user.id);
    assertAccess(ctx.state, ctx.caller, { id: user.id, accountId: account.id, domainId: account.domainId });
    return { userkeys: { apikey: user.apiKey, secretkey: user.secretKey } };
  },
};

const listUsers: CommandSpec = {
  name: 'listUsers',
  description: 'Lists user accounts',
  isasync: false,
  params: [
    ...OWNED_LIST_PARAMS,
    { name: 'id', type: 'uuid', description: 'List user by ID.', related: 'listUsers' },
    { name: 'username', type: 'string', description: 'List user by the username' },
    { name: 'accounttype', type: 'integer', description: 'List users by account type.' },
    { name: 'state', type: 'string', description: 'List users by state of the user account.' },
  ],
  response: USER_FIELDS,
  handler(ctx) {
    const scope = ctx.scope();
    const { username, accounttype, state } = ctx.params;
    // A plain user lists only themselves (QueryManagerImpl.searchForUsersInternal), whatever else is asked.
    if (ctx.caller.role === 'User' && ctx.params.id !== undefined && ctx.params.id !== ctx.caller.user.id) {
      throw new CloudStackApiError(ErrorCode.ACCOUNT_ERROR, 'Calling user is not authorized to see the user requested by id');
    }
    const id = ctx.caller.role === 'User' ? ctx.caller.user.id : ctx.params.id;
    const users = [...ctx.state.users.values()].filter((u) => {
      const account = ctx.state.accounts.get(u.accountId);
      return account !== undefined && scope({ id: u.id, accountId: account.id, domainId: account.domainId }) &&
        (id === undefined || u.id === id) && (username === undefined || u.username === username) &&
        (accounttype === undefined || ACCOUNT_TYPE[account.roleType] === Number(accounttype)) &&
        (state === undefined || u.state === state.toLowerCase());
    });
    return ctx.listAnswer('user', users, (u) => userView(ctx.state, u), (u) => [u.username, u.firstname, u.lastname, u.email]);
  },
};

const listAccounts: CommandSpec = {
  name: 'listAccounts',
  description: 'Lists accounts and provides detailed account information for listed accounts',
  isasync: false,
  params: [
    ...LIST_PARAMS,
    { name: 'id', type: 'uuid', description: 'list account by account ID', related: 'listAccounts' },
    { name: 'name', type: 'string', description: 'list account by account name' },
    { name: 'domainid', type: 'uuid', description: 'list only resources belonging to the domain specified', related: 'listDomains' },
    { name: 'isrecursive', type: 'boolean', description: 'defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves.' },
    { name: 'listall', type: 'boolean', description: "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false" },
    { name: 'accounttype', type: 'integer', description: 'list accounts by account type.' },
    { name: 'state', type: 'string', description: 'list accounts by state. Valid states are enabled, disabled, and locked.' },
  ],
  response: [
    field('id', 'string', 'the id of the account'), field('name', 'string', 'the name of the account'), field('accounttype', 'integer', 'account type (admin, domain-admin, user)'),
    field('domainid', 'string', 'id of the Domain the account belongs to'), field('domain', 'string', 'name of the Domain the account belongs to'), field('state', 'string', 'the state of the account'),
    field('vmtotal', 'long', 'the total number of virtual machines deployed by this account'), field('vmlimit', 'string', 'the total number of virtual machines that can be deployed by this account'),
    field('user', 'list', 'the list of users associated with account'),
  ],
  handler(ctx) {
    const scope = ctx.scope();
    const { id, name, accounttype, state } = ctx.params;
    const accounts = [...ctx.state.accounts.values()].filter((a) =>
      scope({ id: a.id, accountId: a.id, domainId: a.domainId }) && (id === undefined || a.id === id) &&
      (name === undefined || a.name === name) && (accounttype === undefined || ACCOUNT_TYPE[a.roleType] === Number(accounttype)) &&
      (state === undefined || a.state === state.toLowerCase()));
    return ctx.listAnswer('account', accounts, (a) => accountView(ctx.state, a), (a) => [a.name]);
  },
};

const listDomains: CommandSpec = {
  name: 'listDomains',
  description: 'Lists domains and provides detailed information for listed domains',
  isasync: false,
  params: [
    ...LIST_PARAMS,
    { name: 'id', type: 'uuid', description: 'List domain by domain ID.', related: 'listDomains' },
    { name: 'name', type: 'string', description: 'List domain by domain name.' },
    { name: 'level', type: 'integer', description: 'List domains by domain level.' },
    { name: 'listall', type: 'boolean', description: "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false" },
  ],
  response: [
    field('id', 'string', 'the ID of the domain'), field('name', 'string', 'the name of the domain'), field('level', 'integer', 'the level of the domain'),
    field('parentdomainid', 'string', 'the domain ID of the parent domain'), field('parentdomainname', 'string', 'the domain name of the parent domain'),
    field('haschild', 'boolean', 'whether the domain has one or more sub-domains'), field('path', 'string', 'the path of the domain'), field('state', 'string', 'the state of the domain'),
  ],
  handler(ctx) {
    const { id, name, level } = ctx.params;
    const listAll = ctx.bool('listall', false) || id !== undefined;
    const domains = [...ctx.state.domains.values()].filter((d) => {
      const visible = ctx.caller.role === 'User'
        ? d.id === ctx.caller.domain.id
        : listAll ? isInSubtree(d, ctx.caller.domain) : d.id === ctx.caller.domain.id;
      return visible && (id === undefined || d.id === id) && (name === undefined || d.name === name) && (level === undefined || d.level === Number(level));
    }).sort((a, b) => a.path.localeCompare(b.path));
    return ctx.listAnswer('domain', domains, (d) => domainView(ctx.state, d), (d) => [d.name]);
  },
};

const updateResourceLimit: CommandSpec = {
  name: 'updateResourceLimit',
  description: 'Updates resource limits for an account or domain.',
  isasync: false,
  roles: ['Admin', 'DomainAdmin'],
  params: [
    { name: 'resourcetype', type: 'integer', required: true, description: 'Type of resource to update. 0 - Instance, 1 - IP, 2 - Volume, 3 - Snapshot, 4 - Template, 5 - Project, 6 - Network, 7 - VPC, 8 - CPU, 9 - Memory, 10 - PrimaryStorage, 11 - SecondaryStorage' },
    { name: 'max', type: 'long', description: 'Maximum resource limit.' },
    { name: 'account', type: 'string', description: 'Update resource for a specified account. Must be used with the domainId parameter.' },
    { name: 'domainid', type: 'uuid', description: 'Update resource limits for all accounts in specified domain.', related: 'listDomains' },
  ],
  response: [
    field('account', 'string', 'the account of the resource limit'), field('domainid', 'string', 'the domain ID of the resource limit'), field('domain', 'string', 'the domain name of the resource limit'),
    field('resourcetype', 'string', 'resource type'), field('resourcetypename', 'string', 'resource type name'), field('max', 'long', 'the maximum number of the resource. A -1 means the resource currently has no limit.'),
  ],
  handler(ctx) {
    const type = RESOURCE_TYPES.find((t) => t.type === ctx.int('resourcetype'));
    if (!type) throw invalidParameter(`Please specify a valid resource type: ${ctx.str('resourcetype')} is not one of 0..11`);
    const accountName = ctx.str('account');
    const domainId = ctx.str('domainid');
    if (accountName === undefined || domainId === undefined) throw invalidParameter('Specify account together with domainid: the simulator keeps resource limits per account');
    const account = [...ctx.state.accounts.values()].find((a) => a.name === accountName && a.domainId === domainId);
    if (!account) throw invalidParameter(`Unable to find account ${accountName} in domain ${domainId}`);
    if (!canAccess(ctx.state, ctx.caller, { id: account.id, accountId: account.id, domainId: account.domainId }) || account.id === ctx.caller.account.id && ctx.caller.role !== 'Admin') {
      throw invalidParameter(`Account ${ctx.caller.account.name} may not change the limits of account ${account.name}`);
    }
    const max = ctx.int('max') ?? -1;
    const overrides = ctx.state.limitOverrides.get(account.id) ?? new Map<string, number>();
    overrides.set(type.name, max < 0 ? -1 : max);
    ctx.state.limitOverrides.set(account.id, overrides);
    const domain = ctx.state.domains.get(account.domainId);
    return singlePayload('resourcelimit', {
      account: account.name, domainid: account.domainId, domain: domain?.name, resourcetype: String(type.type), resourcetypename: type.name, max: max < 0 ? -1 : max,
    });
  },
};

export const accountCommands: CommandSpec[] = [getUser, getUserKeys, listUsers, listAccounts, listDomains, updateResourceLimit];
