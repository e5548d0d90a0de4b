import { createStack, getStack, stackEvents, waitForJob } from '../../support/stacks';
import { buildStack, fileIn, membersNamed, parameterFields, parseCloudConfig, runScript, SimVm, validUserData } from './example-stacks';
import { clusterParameters, useMesosEmulator, withShortReadyTimeout } from './mesos-emulator-environment';

/**
 * EnableMesosDns on the cluster emulator: the shipped template completes only because every
 * master's Mesos-DNS found the leading master through ZooKeeper (its readiness waits for
 * leader.mesos), the emulated cluster lists them, and the agents route the mesos domain to the
 * masters. A Mesos-DNS whose zk names another path leaves MastersReady unsignalled: the stack
 * rolls back with a reason naming it.
 */

interface EmulatedNetwork {
  cluster: Array<{ name: string; leader?: string; leaderip?: string; masters: string[]; mesosdns: string[]; agents: Array<{ name: string }> }>;
  problems: string[];
  pendingsignals: string[];
}

const env = useMesosEmulator();

function parameters(cluster: string, extra: Record<string, string> = {}): Record<string, string> {
  return clusterParameters(cluster, 1, { EnableMesosDns: 'true', ...extra });
}

async function emulatedNetworks(networkid?: string): Promise<EmulatedNetwork[]> {
  const answer = await env.clients.as('admin').request<{ emulatednetwork?: EmulatedNetwork[] }>('listEmulatedClusters', networkid ? { networkid } : {});
  return answer.emulatednetwork ?? [];
}

async function endpoint(vm: SimVm, port: number, path: string): Promise<{ status: number; text: string }> {
  const base = env.svc.simulator.url.replace(/\/client\/api$/, '');
  const response = await fetch(`${base}/emulator/${vm.id}/${port}${path}`, { redirect: 'manual' });
  return { status: response.status, text: await response.text() };
}

describe('EnableMesosDns on the shipped template', () => {
  let masters: SimVm[];
  let agents: SimVm[];

  beforeAll(async () => {
    await buildStack(env.svc, 'dns-good', env.template, parameters('dnsgood')).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${JSON.stringify(await emulatedNetworks(), null, 1)}`);
    });
    masters = await membersNamed(env.clients, 'dnsgood-master');
    agents = await membersNamed(env.clients, 'dnsgood-agent');
  }, 180_000);

  it('completes with Mesos-DNS up on every master, found through the ensemble\'s /mesos path', async () => {
    const [network] = await emulatedNetworks(masters[0].nic[0].networkid);
    expect(network.problems).toEqual([]);
    expect(network.pendingsignals).toEqual([]);
    expect(network.cluster).toHaveLength(1);
    const [cluster] = network.cluster;
    expect(cluster.mesosdns.sort()).toEqual(masters.map((vm) => vm.name).sort());
    expect(cluster.agents.map((a) => a.name)).toEqual(agents.map((vm) => vm.name));
    // leader.mesos resolves to the leading master, master.mesos to every master.
    const leader = JSON.parse((await endpoint(masters[1], 8123, '/v1/hosts/leader.mesos')).text);
    expect(leader).toEqual([{ host: 'leader.mesos.', ip: cluster.leaderip }]);
    const all = JSON.parse((await endpoint(masters[0], 8123, '/v1/hosts/master.mesos.')).text) as Array<{ ip: string }>;
    expect(all.map((r) => r.ip).sort()).toEqual(masters.map((vm) => vm.nic[0].ipaddress).sort());
    const config = JSON.parse((await endpoint(masters[2], 8123, '/v1/config')).text);
    expect(config).toMatchObject({ Zk: `zk://${masters.map((vm) => `${vm.nic[0].ipaddress}:2181`).join(',')}/mesos`, Port: 53, Domain: 'mesos', Masters: masters.map((vm) => `${vm.nic[0].ipaddress}:5050`) });
  });

  it('routes the mesos domain to every master\'s Mesos-DNS on masters and agents, in valid cloud-config', async () => {
    const ips = masters.map((vm) => vm.nic[0].ipaddress).join(' ');
    const agentData = parseCloudConfig(await validUserData(env.clients, agents[0]));
    expect(fileIn(agentData, '/etc/systemd/resolved.conf.d/mesos-dns.conf')).toBe(`[Resolve]\nDNS=${ips}\nDomains=~mesos\n`);
    expect(agentData.runcmd).toContainEqual(['systemctl', 'restart', 'systemd-resolved']);
    const masterData = parseCloudConfig(await validUserData(env.clients, masters[0]));
    expect(masterData.runcmd).toContainEqual(['systemctl', 'enable', '--now', 'mesos-dns']);
    expect(fileIn(masterData, '/usr/local/sbin/mesos-master-ready')).toContain(`/v1/hosts/leader.mesos`);
  });

  it('forwards other names to the upstream servers DHCP gave the master, never to 127.x or a master', async () => {
    const config = parseCloudConfig(await validUserData(env.clients, masters[0]));
    const ips = masters.map((vm) => vm.nic[0].ipaddress);
    const tree = await runScript('bash', fileIn(config, '/usr/local/sbin/mesos-master-configure'), {
      'run/systemd/resolve/resolv.conf': `nameserver 10.1.0.1\nnameserver 127.0.0.53\nnameserver ${ips[1]}\nnameserver 192.0.2.53\nsearch cs1cloud.internal\n`,
    });
    try {
      const written = JSON.parse((await tree.read('etc/mesos-dns/config.json'))!);
      expect(written).toEqual({
        zk: `zk://${ips.map((ip) => `${ip}:2181`).join(',')}/mesos`, masters: ips.map((ip) => `${ip}:5050`), refreshSeconds: 30, ttl: 30, domain: 'mesos', port: 53,
        listener: ips[0], resolvers: ['10.1.0.1', '192.0.2.53'], externalon: true, httpon: true, httpport: 8123,
      });
      expect(await tree.read('etc/systemd/resolved.conf.d/mesos-dns.conf')).toBe(`[Resolve]\nDNS=${ips.join(' ')}\nDomains=~mesos\n`);
      expect(await tree.read('etc/systemd/system/mesos-dns.service')).toContain('\nExecStart=/usr/local/bin/mesos-dns -config=/etc/mesos-dns/config.json\n');
    } finally {
      await tree.cleanup();
    }
  });
});

describe('a Mesos-DNS whose zk names another path', () => {
  it('leaves MastersReady unsignalled: the stack rolls back with a reason naming it', async () => {
    let text = withShortReadyTimeout(env.template);
    const from = '"zk": "zk://$ZK_HOSTS/mesos",';
    expect(text).toContain(from);
    text = text.replace(from, '"zk": "zk://$ZK_HOSTS/mesos-dns",');
    const fields = parameterFields(parameters('dnsbad', { ReadyTimeout: '12' }));
    const { id, jobid } = await createStack(env.svc, 'bob', 'dns-bad', text, fields);
    const problem = /dnsbad-master-\d: mesos-dns zk zk:\/\/\.\.\.\/mesos-dns finds no leading master/;
    let seen: string[] = [];
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && !seen.some((p) => problem.test(p));) {
      seen = (await emulatedNetworks()).flatMap((n) => n.problems);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(seen.filter((p) => p.includes('dnsbad'))).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    const job = await waitForJob(env.svc, 'bob', jobid, 120_000);
    expect(job.jobstatus).toBe(2);
    expect((await getStack(env.svc, 'bob', id))?.status).toBe('ROLLBACK_COMPLETE');
    const failed = (await stackEvents(env.svc, 'bob', id)).filter((e) => e.status === 'CREATE_FAILED').map((e) => `${e.logicalid}: ${e.statusreason}`);
    expect(failed).toContainEqual('MastersReady: WaitCondition MastersReady timed out. Received 0 conditions when expecting 3');
  }, 180_000);
});
