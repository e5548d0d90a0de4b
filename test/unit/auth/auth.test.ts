import { Writable } from 'node:stream';
import { Authenticator, CachingDirectory, Caller, canSee, CredentialDirectory, Identity, listScope, ManagementServerDirectory } from '../../../src/auth';
import { CloudStackApiError, computeSignature, signParams } from '../../../src/cloudstack-api';
import { InternalError } from '../../../src/errors';
import { createLogger } from '../../../src/logging/logger';

const alice: Caller = { userId: 'u1', username: 'alice', accountId: 'acc-a', accountName: 'alice', domainId: 'd-eng', domainName: 'eng', domainPath: 'ROOT/eng', roleType: 'User', apiKey: 'ka' };

class CountingDirectory implements CredentialDirectory {
  calls = 0;
  constructor(private readonly known: Record<string, Identity>) {}
  async lookup(apiKey: string) {
    this.calls++;
    return this.known[apiKey];
  }
}

describe('Authenticator', () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
  const auth = new Authenticator(new CountingDirectory({ ka: { caller: alice, secretKey: 'sa-secret' } }), createLogger({ destination: sink }));

  it('accepts a request signed as cmk signs (no expiry) and with signatureversion=3', async () => {
    expect(await auth.authenticate(signParams({ command: 'listApis' }, 'ka', 'sa-secret'))).toBe(alice);
    expect(await auth.authenticate(signParams({ command: 'listApis' }, 'ka', 'sa-secret', { expiresInSeconds: 30 }))).toBe(alice);
  });

  it.each([
    ['unknown key', signParams({ command: 'x' }, 'kb', 'sa-secret')],
    ['wrong secret', signParams({ command: 'x' }, 'ka', 'other')],
    ['expired', signParams({ command: 'x' }, 'ka', 'sa-secret', { expiresInSeconds: -1 })],
    ['no key', { command: 'x', signature: computeSignature({ command: 'x' }, 'sa-secret') }],
  ])('answers 401 for %s, never logging the secret', async (_, params) => {
    await expect(auth.authenticate(params)).rejects.toEqual(new CloudStackApiError(401, 'unable to verify user credentials and/or request signature'));
    expect(lines.join('')).not.toContain('sa-secret');
  });
});

describe('CachingDirectory', () => {
  it('keeps found identities for the TTL and forgets unknown keys at once', async () => {
    let now = 0;
    const inner = new CountingDirectory({ ka: { caller: alice, secretKey: 's' } });
    const cache = new CachingDirectory(inner, 30_000, () => now);
    await Promise.all([cache.lookup('ka'), cache.lookup('ka')]);
    expect(inner.calls).toBe(1);
    now = 29_999;
    await cache.lookup('ka');
    expect(inner.calls).toBe(1);
    now = 30_000;
    await cache.lookup('ka');
    expect(inner.calls).toBe(2);
    expect(await cache.lookup('nobody')).toBeUndefined();
    expect(await cache.lookup('nobody')).toBeUndefined();
    expect(inner.calls).toBe(4);
  });
});

describe('ManagementServerDirectory', () => {
  const answers: Record<string, (p: Record<string, string>) => unknown> = {
    getUser: (p) => {
      if (p.userapikey !== 'ka') throw new CloudStackApiError(431, 'Unable to find user by API key');
      return { user: { id: 'u1', username: 'alice', account: 'alice', accountid: 'acc-a', accounttype: 0, roletype: 'User', domainid: 'd-eng', domain: 'eng', state: 'enabled' } };
    },
    getUserKeys: () => ({ userkeys: { apikey: 'ka', secretkey: 'sa' } }),
    listDomains: (p) => ({ count: 1, domain: [{ id: p.id, path: 'ROOT/eng' }] }),
  };
  const admin = { request: async <T>(command: string, params: Record<string, string> = {}) => answers[command](params) as T };

  it('resolves key → user, account, domain path, role and secret', async () => {
    expect(await new ManagementServerDirectory(admin).lookup('ka')).toEqual({ caller: alice, secretKey: 'sa' });
  });

  it('answers an unknown key with undefined and an unreachable server with InternalError', async () => {
    expect(await new ManagementServerDirectory(admin).lookup('kz')).toBeUndefined();
    const down = { request: async () => Promise.reject(new Error('ECONNREFUSED')) };
    await expect(new ManagementServerDirectory(down).lookup('ka')).rejects.toBeInstanceOf(InternalError);
  });
});

describe('visibility', () => {
  const owner = (accountId: string, domainPath: string) => ({ accountId, domainPath });
  const domainAdmin: Caller = { ...alice, accountId: 'acc-da', roleType: 'DomainAdmin' };
  const root: Caller = { ...alice, accountId: 'acc-root', domainPath: 'ROOT', roleType: 'Admin' };

  it('lets a user see their account, a domain admin their subtree, the root admin all', () => {
    expect([canSee(alice, owner('acc-a', 'ROOT/eng')), canSee(alice, owner('acc-b', 'ROOT/eng'))]).toEqual([true, false]);
    expect([canSee(domainAdmin, owner('acc-b', 'ROOT/eng/web')), canSee(domainAdmin, owner('acc-c', 'ROOT/engineering')), canSee(domainAdmin, owner('acc-c', 'ROOT'))]).toEqual([true, false, false]);
    expect(canSee(root, owner('acc-z', 'ROOT/x'))).toBe(true);
  });

  it('lists only the own account without listall, whatever the role', () => {
    expect(listScope(root, false)).toEqual({ kind: 'account', accountId: 'acc-root' });
    expect(listScope(root, true)).toEqual({ kind: 'all' });
    expect(listScope(domainAdmin, true)).toEqual({ kind: 'domain', domainPath: 'ROOT/eng' });
    expect(listScope(alice, true)).toEqual({ kind: 'account', accountId: 'acc-a' });
  });
});
