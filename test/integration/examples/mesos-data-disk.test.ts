import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteStack } from '../../support/stacks';
import { buildStack, fileIn, membersNamed, parseCloudConfig, runScript, SimVm, validUserData } from './example-stacks';
import { clusterParameters, useMesosEmulator, withShortReadyTimeout } from './mesos-emulator-environment';

/**
 * AgentDataDiskGb on the cluster emulator: every agent and public agent gets one data disk of that
 * size (the masters none), its cloud-config formats and mounts it as the work_dir before
 * mesos-agent starts (the sandboxed boot renders the fstab line and mount point), the cluster
 * still forms, and deleting the stack leaves no volume behind.
 */

interface ListedVolume { id: string; type: string; size: number; deviceid?: number; virtualmachineid?: string; diskofferingname: string }
interface EmulatedNetwork { cluster: Array<{ agents: Array<{ name: string }> }>; problems: string[]; pendingsignals: string[] }

const GIB = 1024 ** 3;
const env = useMesosEmulator();

describe('AgentDataDiskGb on the shipped template', () => {
  let stackId: string;
  let masters: SimVm[];
  let agents: SimVm[];

  beforeAll(async () => {
    const built = await buildStack(env.svc, 'disk-good', env.template, clusterParameters('diskgood', 2, { PublicAgentCount: '1', AgentDataDiskGb: '20' }));
    stackId = built.id;
    masters = await membersNamed(env.clients, 'diskgood-master');
    agents = [...(await membersNamed(env.clients, 'diskgood-agent')), ...(await membersNamed(env.clients, 'diskgood-public'))];
  }, 180_000);

  it('completes with every agent registered and one 20 GB data disk per agent on device 1, none on the masters', async () => {
    const answer = await env.clients.as('admin').request<{ emulatednetwork?: EmulatedNetwork[] }>('listEmulatedClusters', { networkid: masters[0].nic[0].networkid });
    const [network] = answer.emulatednetwork ?? [];
    expect(network.problems).toEqual([]);
    expect(network.pendingsignals).toEqual([]);
    expect(network.cluster[0].agents.map((a) => a.name).sort()).toEqual(agents.map((vm) => vm.name).sort());
    const volumes = await env.clients.as('alice').listAll<ListedVolume>('listVolumes', {}, 'volume');
    expect(volumes.map((v) => v.virtualmachineid).sort()).toEqual(agents.map((vm) => vm.id).sort());
    for (const volume of volumes) expect(volume).toMatchObject({ type: 'DATADISK', deviceid: 1, size: 20 * GIB, diskofferingname: 'Custom' });
  });

  it('mounts the disk on the work_dir before mesos-agent starts, by label, with nofail', async () => {
    const config = parseCloudConfig(await validUserData(env.clients, agents[0]));
    const runcmd = (config.runcmd ?? []).map((c) => JSON.stringify(c));
    expect(runcmd.indexOf('["sh","/usr/local/sbin/mount-mesos-work-dir"]')).toBeLessThan(runcmd.indexOf('["systemctl","enable","--now","mesos-agent"]'));
    expect(runcmd.indexOf('["sh","/usr/local/sbin/mount-mesos-work-dir"]')).toBeGreaterThanOrEqual(0);
    expect(fileIn(config, '/etc/systemd/system/mesos-agent.service.d/work-dir.conf')).toBe('[Unit]\nRequiresMountsFor=/var/lib/mesos\n');
    expect(fileIn(config, '/etc/systemd/system/mesos-agent.service')).toContain(' --work_dir=/var/lib/mesos ');
    // Rendered into a scratch tree (DESTDIR), twice over: one fstab line, the mount point, no disk looked at.
    const script = fileIn(config, '/usr/local/sbin/mount-mesos-work-dir');
    const tree = await runScript('sh', `${script}\n${script}\n[ -d "$DESTDIR/var/lib/mesos" ] && echo mount point > "$DESTDIR/checked"\n`, { 'etc/fstab': 'LABEL=cloudimg-rootfs / ext4 defaults 0 1\n' });
    try {
      expect(await tree.read('etc/fstab')).toBe('LABEL=cloudimg-rootfs / ext4 defaults 0 1\nLABEL=mesos-work /var/lib/mesos ext4 defaults,nofail 0 2\n');
      expect(await tree.read('checked')).toBe('mount point\n');
    } finally {
      await tree.cleanup();
    }
    // The masters have no such script.
    const masterConfig = parseCloudConfig(await validUserData(env.clients, masters[0]));
    expect((masterConfig.write_files ?? []).map((f) => f.path)).not.toContain('/usr/local/sbin/mount-mesos-work-dir');
  });

  it('on the VM: formats only a blank second disk, by label, and mounts it; a disk with data is left alone', async () => {
    const script = fileIn(parseCloudConfig(await validUserData(env.clients, agents[0])), '/usr/local/sbin/mount-mesos-work-dir');
    // A blank /dev/vdb beside the root disk /dev/vda and the config-drive CD-ROM.
    const blank = await onVm(script, {});
    expect([blank.exit, blank.stderr]).toEqual([0, '']);
    expect(blank.calls).toEqual(['mkfs.ext4 -q -L mesos-work /dev/vdb', 'mount /var/lib/mesos']);
    expect(blank.fstab).toBe('LABEL=mesos-work /var/lib/mesos ext4 defaults,nofail 0 2\n');
    // Booted again (the label exists): nothing formatted, the fstab line not repeated.
    const again = await onVm(script, { label: 'yes' }, blank.fstab);
    expect([again.exit, again.calls, again.fstab]).toEqual([0, ['mount /var/lib/mesos'], blank.fstab]);
    // A disk that holds another file system is not formatted, and the script fails saying why.
    const used = await onVm(script, { fstype: 'xfs' });
    expect(used.exit).toBe(1);
    expect(used.calls).toEqual([]);
    expect(used.stderr).toContain('/dev/vdb already holds data and no file system labelled mesos-work: not formatted');
  });

  it('deletes every agent\'s data disk with the stack', async () => {
    expect((await deleteStack(env.svc, 'alice', stackId)).jobstatus).toBe(1);
    expect(await env.clients.as('alice').listAll('listVolumes', {}, 'volume')).toEqual([]);
  }, 120_000);
});

/**
 * Runs the mount script as on a VM (no DESTDIR) inside bubblewrap, with /etc and /var its own and
 * lsblk, findmnt, blkid, mkfs.ext4, mountpoint and mount as stubs that describe a KVM guest's disks
 * and record what is asked of them: nothing of the host's disks is seen or touched.
 */
async function onVm(script: string, disk: { label?: string; fstype?: string }, fstab = ''): Promise<{ exit: number; calls: string[]; fstab: string; stderr: string }> {
  const root = await mkdtemp(join(tmpdir(), 'csf-mount-'));
  try {
    const stub = async (name: string, body: string) => {
      await writeFile(join(root, 'stubs', name), `#!/bin/sh\n${body}\n`);
      await chmod(join(root, 'stubs', name), 0o755);
    };
    for (const dir of ['stubs', 'etc', 'var/log', 'state']) await mkdir(join(root, dir), { recursive: true });
    await writeFile(join(root, 'etc/fstab'), fstab);
    await writeFile(join(root, 'script'), script);
    if (disk.label) await writeFile(join(root, 'state/label'), disk.label);
    if (disk.fstype) await writeFile(join(root, 'state/fstype'), disk.fstype);
    await stub('findmnt', '[ "$*" = "-no SOURCE /" ] && echo /dev/vda1');
    await stub('lsblk', [
      'case "$*" in',
      '  "-no PKNAME /dev/vda1") echo vda ;;',
      '  "-dnpo NAME,TYPE") printf "/dev/sr0 rom\\n/dev/vda disk\\n/dev/vdb disk\\n" ;;',
      '  "-dno PTTYPE /dev/vdb") echo ;;',
      '  *) echo "unexpected lsblk $*" >&2; exit 2 ;;',
      'esac',
    ].join('\n'));
    await stub('blkid', [
      'case "$*" in',
      '  "-L mesos-work") [ -f /state/label ] && echo /dev/vdb ;;',
      '  "-o value -s TYPE /dev/vdb") [ -f /state/fstype ] && cat /state/fstype ;;',
      '  *) echo "unexpected blkid $*" >&2; exit 2 ;;',
      'esac',
    ].join('\n'));
    await stub('mkfs.ext4', 'echo "mkfs.ext4 $*" >> /var/log/calls');
    await stub('mountpoint', 'exit 1');
    await stub('mount', 'echo "mount $*" >> /var/log/calls');
    const exit = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile('bwrap', [
        '--ro-bind', '/usr', '/usr', '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64',
        '--bind', join(root, 'etc'), '/etc', '--ro-bind-try', '/etc/alternatives', '/etc/alternatives',
        '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--bind', join(root, 'var'), '/var', '--ro-bind', join(root, 'state'), '/state',
        '--ro-bind', join(root, 'stubs'), '/stubs', '--ro-bind', join(root, 'script'), '/script',
        '--unshare-all', '--die-with-parent', '--clearenv', '--setenv', 'PATH', '/stubs:/usr/sbin:/usr/bin', 'sh', '/script',
      ], { timeout: 30_000 }, (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr: String(stderr) }));
    });
    const calls = (await readFile(join(root, 'var/log/calls'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
    return { exit: exit.code, calls, fstab: await readFile(join(root, 'etc/fstab'), 'utf8'), stderr: exit.stderr };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
