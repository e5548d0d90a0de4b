import { CloudStackApiError, ErrorCode, singlePayload, successPayload } from '../../cloudstack-api';
import { resolveOwnerAccount } from '../access';
import type { CommandContext } from '../context';
import { invalidParameter } from '../errors';
import { OWNED_LIST_PARAMS, type CommandSpec } from '../registry';
import type { SimulatorRuntime } from '../runtime';
import type { Account, SshKeyPair } from '../state/types';
import { generateRsaKeyPair, parsePublicKey } from '../ssh-public-key';
import { sshKeyPairView } from '../views/security';
import { field, OWNER_PARAMS, param, SUCCESS_FIELDS } from './spec-helpers';

const CLASS = (name: string) => `org.apache.cloudstack.api.command.user.ssh.${name}`;
const KEY_FIELDS = [
  field('id', 'string', 'ID of the ssh keypair'), field('name', 'string', 'Name of the keypair'), field('fingerprint', 'string', 'Fingerprint of the public key'),
  field('account', 'string', 'the owner of the keypair'), field('domainid', 'string', 'the domain id of the keypair owner'), field('domain', 'string', 'the domain name of the keypair owner'),
];

const keyOf = (ctx: CommandContext, owner: Account, name: string) =>
  [...ctx.state.sshKeyPairs.values()].find((k) => k.accountId === owner.id && k.name === name);

/**
 * Names are unique per account, and so are public keys. The wording differs by command, as in
 * ManagementServerImpl: createSSHKeyPair says "already exists.", registerSSHKeyPair's
 * checkForKeyByName / checkForKeyByPublicKey add "for this account." and quote the key as sent.
 */
function checkNameFree(ctx: CommandContext, owner: Account, name: string, suffix: string): void {
  if (keyOf(ctx, owner, name)) throw invalidParameter(`A key pair with name '${name}' already exists${suffix}.`);
}

function checkKeyFree(ctx: CommandContext, owner: Account, normalized: string, asSent: string): void {
  if ([...ctx.state.sshKeyPairs.values()].some((k) => k.accountId === owner.id && k.publicKey === normalized)) {
    throw invalidParameter(`A key pair with key '${asSent}' already exists for this account.`);
  }
}

function store(ctx: CommandContext, owner: Account, name: string, publicKey: string, fingerprint: string): SshKeyPair {
  const key: SshKeyPair = { id: ctx.state.newId(), accountId: owner.id, domainId: owner.domainId, name, fingerprint, publicKey };
  ctx.state.sshKeyPairs.set(key.id, key);
  return key;
}

const createSSHKeyPair: CommandSpec = {
  name: 'createSSHKeyPair',
  description: 'Create a new keypair and returns the private key',
  isasync: false,
  cmdClass: CLASS('CreateSSHKeyPairCmd'),
  params: [param('name', 'string', 'Name of the keypair', { required: true }), ...OWNER_PARAMS],
  response: [...KEY_FIELDS, field('privatekey', 'string', 'Private key')],
  handler(ctx) {
    const owner = resolveOwnerAccount(ctx.state, ctx.caller, ctx.params, ctx.command);
    const name = ctx.requireStr('name');
    checkNameFree(ctx, owner, name, '');
    const generated = generateRsaKeyPair(name);
    const key = store(ctx, owner, name, generated.publicKey.split(' ').slice(0, 2).join(' '), generated.fingerprint);
    // The private key is answered once and never stored, as CloudStack does.
    return singlePayload('keypair', { ...sshKeyPairView(ctx.state, key), privatekey: generated.privateKey });
  },
};

const registerSSHKeyPair: CommandSpec = {
  name: 'registerSSHKeyPair',
  description: 'Register a public key in a keypair under a certain name',
  isasync: false,
  cmdClass: CLASS('RegisterSSHKeyPairCmd'),
  params: [
    param('name', 'string', 'Name of the keypair', { required: true }),
    param('publickey', 'string', 'Public key material of the keypair', { required: true, length: 5120 }),
    ...OWNER_PARAMS,
  ],
  response: KEY_FIELDS,
  handler(ctx) {
    const owner = resolveOwnerAccount(ctx.state, ctx.caller, ctx.params, ctx.command);
    const name = ctx.requireStr('name');
    const publicKey = ctx.requireStr('publickey');
    checkNameFree(ctx, owner, name, ' for this account');
    const parsed = parsePublicKey(publicKey);
    if (!parsed) throw new CloudStackApiError(ErrorCode.PARAM_ERROR, 'Public key is invalid');
    checkKeyFree(ctx, owner, parsed.normalized, publicKey);
    return singlePayload('keypair', sshKeyPairView(ctx.state, store(ctx, owner, name, parsed.normalized, parsed.fingerprint)));
  },
};

const deleteSSHKeyPair: CommandSpec = {
  name: 'deleteSSHKeyPair',
  description: 'Deletes a keypair by name',
  isasync: false,
  cmdClass: CLASS('DeleteSSHKeyPairCmd'),
  params: [param('name', 'string', 'Name of the keypair', { required: true }), ...OWNER_PARAMS],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    const owner = resolveOwnerAccount(ctx.state, ctx.caller, ctx.params, ctx.command);
    const name = ctx.requireStr('name');
    const key = keyOf(ctx, owner, name);
    if (!key) throw invalidParameter(`A key pair with name '${name}' does not exist for account ${owner.name} in specified domain id`);
    ctx.state.sshKeyPairs.delete(key.id);
    ctx.state.removeTagsOf(key.id);
    return successPayload();
  },
};

const listSSHKeyPairs: CommandSpec = {
  name: 'listSSHKeyPairs',
  description: 'List registered keypairs',
  isasync: false,
  cmdClass: CLASS('ListSSHKeyPairsCmd'),
  params: [
    ...OWNED_LIST_PARAMS,
    param('id', 'uuid', 'the ID of the ssh keypair', { related: 'listSSHKeyPairs' }),
    param('name', 'string', 'A key pair name to look for'),
    param('fingerprint', 'string', 'A public key fingerprint to look for'),
  ],
  response: KEY_FIELDS,
  handler(ctx) {
    const scope = ctx.scope();
    const { id, name, fingerprint } = ctx.params;
    const keys = [...ctx.state.sshKeyPairs.values()].filter((k) => scope(k) &&
      (id === undefined || k.id === id) && (name === undefined || k.name === name) && (fingerprint === undefined || k.fingerprint === fingerprint));
    return ctx.listAnswer('sshkeypair', keys, (k) => sshKeyPairView(ctx.state, k), (k) => [k.name]);
  },
};

export const sshKeyCommands: CommandSpec[] = [createSSHKeyPair, registerSSHKeyPair, deleteSSHKeyPair, listSSHKeyPairs];
