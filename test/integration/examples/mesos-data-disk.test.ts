import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startTestService, TestService } from '../../support/service';
import { deleteStack, SimulatorClients } from '../../support/stacks';
import { buildStack, fileIn, membersNamed, parseCloudConfig, readExample, runScript, SimVm, validUserData } from './example-stacks';

/**
 * AgentDataDiskGb on the cluster emulator: every agent and public agent gets one data disk of that
 * size (the masters none), its cloud-config formats and mounts it as the work_dir before
 * mesos-agent starts (the sandboxed boot renders the fstab line and mount point), the cluster
 * still forms, and deleting the stack leaves no volume behind.
 */

interface ListedVolume { id: string; type: string; size: number; deviceid?: number; virtualmachineid?: string; diskofferingname: string }
interface EmulatedNetwork { cluster: Array<{ agents: Array<{ name: string }> }>; problems: string[]; pendingsignals: string[] }

const GIB = 1024 ** 3;
let svc: TestService;
let clients: SimulatorClients;
let template: string;

beforeAll(async () => {
  svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
  clients = new SimulatorClients(svc);
  template = await readExample('mesos-cluster.yaml');
}, 60_000);

afterAll(async () => {
  clients?.close();
  await svc?.stop();
});

describe('AgentDataDiskGb on the shipped template', () => {
  let stackId: string;
  let masters: SimVm[];
  let agents: SimVm[];

  beforeAll(async () => {
    const built = await buildStack(svc, 'disk-good', template, {
      ClusterName: 'diskgood', MasterCount: '3', AgentCount: '2', PublicAgentCount: '1', Zone: 'zone-advanced', ZoneKind: 'isolated',
      MasterOffering: 'Small Instance', AgentOffering: 'Medium Instance', AdminCidr: '203.0.113.0/24', AgentDataDiskGb: '20',
    });
    stackId = built.id;
    masters = await membersNamed(clients, 'diskgood-master');
    agents = [...(await membersNamed(clients, 'diskgood-agent')), ...(await membersNamed(clients, 'diskgood-public'))];
  }, 180_000);

  it('completes with every agent registered and one 20 GB data disk per agent on device 1, none on the masters', async () => {
    const answer = await clients.as('admin').request<{ emulatednetwork?: EmulatedNetwork[] }>('listEmulatedClusters', { networkid: masters[0].nic[0].networkid });
    const [network] = answer.emulatednetwork ?? [];
    expect(network.problems).toEqual([]);
    expect(network.pendingsignals).toEqual([]);
    expect(network.cluster[0].agents.map((a) => a.name).sort()).toEqual(agents.map((vm) => vm.name).sort());
    const volumes = await clients.as('alice').listAll<ListedVolume>('listVolumes', {}, 'volume');
    expect(volumes.map((v) => v.virtualmachineid).sort()).toEqual(agents.map((vm) => vm.id).sort());
    for (const volume of volumes) expect(volume).toMatchObject({ type: 'DATADISK', deviceid: 1, size: 20 * GIB, diskofferingname: 'Custom' });
  });

  it('mounts the disk on the work_dir before mesos-agent starts, by label, with nofail', async () => {
    const config = parseCloudConfig(await validUserData(clients, agents[0]));
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
    const masterConfig = parseCloudConfig(await validUserData(clients, masters[0]));
    expect((masterConfig.write_files ?? []).map((f) => f.path)).not.toContain('/usr/local/sbin/mount-mesos-work-dir');
  });

  it('deletes every agent\'s data disk with the stack', async () => {
    expect((await deleteStack(svc, 'alice', stackId)).jobstatus).toBe(1);
    expect(await clients.as('alice').listAll('listVolumes', {}, 'volume')).toEqual([]);
  }, 120_000);
});
