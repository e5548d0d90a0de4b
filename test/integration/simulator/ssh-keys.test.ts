import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSimulator } from '../../../src/simulator';
import { readFixture } from '../../support/fixtures';
import { call, payload, startTestSimulator, userOf } from './client';

// Made with `ssh-keygen -t ed25519 -C test`; fingerprint from `ssh-keygen -l -E md5`.
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ7aERzbWZKLVo4XTHIr8l6eIQ8WQgLELE5T34PTFi9C test';
const ED25519_MD5 = '7b:19:ae:82:02:b8:08:67:12:2e:51:fc:6f:36:e3:0b';

/** What OpenSSH itself says the MD5 fingerprint of a private key's public half is. */
function opensshFingerprint(privateKey: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sshkey-'));
  try {
    const file = join(dir, 'key');
    writeFileSync(file, privateKey, { mode: 0o600 });
    writeFileSync(`${file}.pub`, execFileSync('ssh-keygen', ['-y', '-f', file]));
    const line = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', `${file}.pub`]).toString();
    return (/MD5:([0-9a-f:]+)/.exec(line) as RegExpExecArray)[1];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('simulator SSH key pairs', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
  });
  afterAll(() => sim.stop());
  const alice = () => userOf(sim, 'alice');
  const bob = () => userOf(sim, 'bob');

  test('createSSHKeyPair answers a real RSA private key once, with the matching fingerprint', async () => {
    const created = payload(await call(sim, alice(), { command: 'createSSHKeyPair', name: 'deploy' }), 'createSSHKeyPair').keypair;
    expect(Object.keys(created).sort()).toEqual(['account', 'domain', 'domainid', 'fingerprint', 'hasannotations', 'id', 'name', 'privatekey']);
    expect(created).toMatchObject({ name: 'deploy', account: 'alice', domain: 'engineering' });
    expect(created.privatekey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n$/);
    expect(created.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(created.fingerprint).toBe(opensshFingerprint(created.privatekey));
    const listed = payload(await call(sim, alice(), { command: 'listSSHKeyPairs', name: 'deploy' }), 'listSSHKeyPairs');
    expect(listed.count).toBe(1);
    expect(listed.sshkeypair[0]).toEqual({ id: created.id, name: 'deploy', fingerprint: created.fingerprint, account: 'alice', domainid: created.domainid, domain: 'engineering', hasannotations: false });
  });

  test('registerSSHKeyPair keeps the key and computes the OpenSSH MD5 fingerprint', async () => {
    const registered = payload(await call(sim, alice(), { command: 'registerSSHKeyPair', name: 'laptop', publickey: ED25519 }), 'registerSSHKeyPair').keypair;
    expect(registered).toMatchObject({ name: 'laptop', fingerprint: ED25519_MD5, account: 'alice' });
    expect(registered.privatekey).toBeUndefined();
    const byFingerprint = payload(await call(sim, alice(), { command: 'listSSHKeyPairs', fingerprint: ED25519_MD5 }), 'listSSHKeyPairs');
    expect(byFingerprint.sshkeypair.map((k: any) => k.name)).toEqual(['laptop']);
  });

  test.each([
    ['not a key'],
    ['ssh-rsa !!!notbase64'],
    ['ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIJ7aERzbWZKLVo4XTHIr8l6eIQ8WQgLELE5T34PTFi9C'], // ed25519 blob under an rsa label
    ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ7aERzbWZKLVo4XTHIr8l6eIQ8WQgLELE5T34PT'], // truncated
  ])('an invalid public key is 431 "Public key is invalid", as the fixture shows: %s', async (publickey) => {
    const answer = await call(sim, alice(), { command: 'registerSSHKeyPair', name: 'bad', publickey });
    const expected = readFixture<any>('cloudstack', 'libcloud-compute', 'registerSSHKeyPair_error.json').registersshkeypairresponse;
    expect(answer.status).toBe(431);
    expect(answer.body.registersshkeypairresponse).toMatchObject({ errorcode: expected.errorcode, errortext: expected.errortext });
    expect(payload(await call(sim, alice(), { command: 'listSSHKeyPairs', name: 'bad' }), 'listSSHKeyPairs')).toEqual({});
  });

  test('names are unique per account, not across accounts', async () => {
    await call(sim, alice(), { command: 'createSSHKeyPair', name: 'shared-name' });
    const again = await call(sim, alice(), { command: 'createSSHKeyPair', name: 'shared-name' });
    expect(again.status).toBe(431);
    expect(again.body.createsshkeypairresponse.errortext).toBe("A key pair with name 'shared-name' already exists.");
    const bobs = await call(sim, bob(), { command: 'createSSHKeyPair', name: 'shared-name' });
    expect(bobs.status).toBe(200);
  });

  test('each user sees and deletes only their own key pairs', async () => {
    const bobsList = payload(await call(sim, bob(), { command: 'listSSHKeyPairs' }), 'listSSHKeyPairs');
    expect(bobsList.sshkeypair.map((k: any) => k.account)).toEqual(['bob']);
    const bobDeletes = await call(sim, bob(), { command: 'deleteSSHKeyPair', name: 'laptop' });
    expect(bobDeletes.status).toBe(431);
    expect(bobDeletes.body.deletesshkeypairresponse.errortext).toBe("A key pair with name 'laptop' does not exist for account bob in specified domain id");
    expect(payload(await call(sim, alice(), { command: 'deleteSSHKeyPair', name: 'laptop' }), 'deleteSSHKeyPair')).toEqual({ success: true });
    expect(payload(await call(sim, alice(), { command: 'listSSHKeyPairs', name: 'laptop' }), 'listSSHKeyPairs')).toEqual({});
  });

  test('deployVirtualMachine accepts the key pair by name and shows it on the VM', async () => {
    const zones = payload(await call(sim, alice(), { command: 'listZones' }), 'listZones').zone;
    const zoneid = zones.find((z: any) => z.name === 'zone-advanced').id;
    const serviceofferingid = payload(await call(sim, alice(), { command: 'listServiceOfferings' }), 'listServiceOfferings').serviceoffering[0].id;
    const templateid = payload(await call(sim, alice(), { command: 'listTemplates', templatefilter: 'featured' }), 'listTemplates').template[0].id;
    const deployed = payload(await call(sim, alice(), { command: 'deployVirtualMachine', zoneid, serviceofferingid, templateid, keypair: 'deploy', startvm: 'false' }), 'deployVirtualMachine');
    const vm = payload(await call(sim, alice(), { command: 'listVirtualMachines', id: deployed.id }), 'listVirtualMachines').virtualmachine[0];
    expect(vm.keypairs).toBe('deploy');
    const missing = await call(sim, alice(), { command: 'deployVirtualMachine', zoneid, serviceofferingid, templateid, keypair: 'nope' });
    expect(missing.status).toBe(431);
  });
});
