import { bootCloudConfig } from '../../../src/simulator/cluster/boot';

/**
 * The emulator runs configure scripts from user data, which anyone who can deploy a VM writes:
 * inside bubblewrap they see their scratch root and /usr, not the host's files, the network or
 * any capability, and they cannot write outside the scratch root.
 */
describe('configure scripts from user data run sandboxed', () => {
  it('see no host file, no network, no capability; write only under DESTDIR', async () => {
    const probe = [
      '#!/bin/sh',
      '# uses DESTDIR, so the emulator runs it',
      'out="$DESTDIR/probe"; mkdir -p "$out"',
      'cat /etc/passwd > "$out/passwd" 2>/dev/null || echo none > "$out/passwd"',
      'ls /root /home /work > "$out/dirs" 2>&1 || true',
      'grep CapEff /proc/self/status > "$out/caps"',
      'cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d " " > "$out/interfaces"',
      'hostname > "$out/hostname"',
      'touch /usr/csf-escape 2>/dev/null && echo wrote > "$out/escape" || echo refused > "$out/escape"',
    ].join('\n');
    const tree = await bootCloudConfig({ write_files: [{ path: '/usr/local/sbin/probe', content: probe }], runcmd: [['sh', '/usr/local/sbin/probe']] }, 'probe-vm-1');
    expect(tree.problems).toEqual([]);
    expect(tree.files.get('/probe/passwd')).toBe('none\n');
    expect(tree.files.get('/probe/dirs')!.trim().split('\n').map((line) => line.replace(/'.*/, ''))).toEqual(Array(3).fill('ls: cannot access '));
    expect(tree.files.get('/probe/caps')).toMatch(/CapEff:\s+0+\n/);
    expect(tree.files.get('/probe/interfaces')).toBe('lo\n');
    expect(tree.files.get('/probe/hostname')).toBe('probe-vm-1\n');
    expect(tree.files.get('/probe/escape')).toBe('refused\n');
    // The seeded tree is what cloud-init leaves on Ubuntu before runcmd: the hostname on 127.0.1.1.
    expect(tree.files.get('/etc/hosts')).toContain('127.0.1.1 probe-vm-1\n');
  });

  it('stops a script that writes a file larger than 1 MiB, and says so', async () => {
    const script = '#!/bin/sh\n# DESTDIR\nhead -c 2097152 /dev/zero > "$DESTDIR/big"\n';
    const tree = await bootCloudConfig({ write_files: [{ path: '/usr/local/sbin/big', content: script }], runcmd: [['sh', '/usr/local/sbin/big']] }, 'probe-vm-3');
    expect(tree.problems).toEqual([expect.stringMatching(/^sh \/usr\/local\/sbin\/big failed: /)]);
    expect(tree.files.get('/big')!.length).toBe(1024 * 1024);
  });

  it('refuses write_files paths that are not absolute, without running anything for them', async () => {
    const tree = await bootCloudConfig({ write_files: [{ path: 'relative/file', content: 'x' }, { path: '/a/../../b', content: 'y' }] }, 'probe-vm-2');
    expect(tree.problems).toEqual(['write_files: relative/file is not an absolute path']);
    // `..` cannot climb out of the scratch root: the file lands at its root.
    expect(tree.files.get('/b')).toBe('y');
  });
});
