import type { BootedTree } from '../../../src/simulator/cluster/boot';
import { componentsOf, type VmComponents } from '../../../src/simulator/cluster/components';
import { answer } from '../../../src/simulator/cluster/endpoints';
import { modelCluster, type ModelVm } from '../../../src/simulator/cluster/model';

/** Mesos-DNS in the cluster emulator: its config.json as the unit names it, and when it is up. */

const IPS = ['10.1.0.5', '10.1.0.6', '10.1.0.7'];
const ZK = { hosts: IPS.map((host) => ({ host, port: 2181 })), path: '/mesos' };

function tree(files: Record<string, string>, started: string[]): BootedTree {
  return { files: new Map(Object.entries(files)), started: new Set(started), readySteps: [], problems: [] };
}

const UNIT = '[Service]\nExecStart=/usr/local/bin/mesos-dns -config=/etc/mesos-dns/config.json\n';
const config = (zk: string) => JSON.stringify({ zk, masters: IPS.map((ip) => `${ip}:5050`), domain: 'mesos', port: 53, resolvers: ['10.1.0.1'], httpon: true, httpport: 8123 });

function master(i: number, dns?: VmComponents['mesosDns']): ModelVm {
  return {
    vmId: `m${i}`, name: `c-master-${i + 1}`, ip: IPS[i], running: true, bootOrder: i + 1, cpus: 2, memoryMb: 4096,
    components: {
      zookeeper: { myid: i + 1, clientPort: 2181, servers: new Map(IPS.map((ip, n) => [n + 1, ip])) },
      master: { zk: ZK, quorum: 2, advertisedIp: IPS[i], port: 5050, cluster: 'c' },
      ...(dns ? { mesosDns: dns } : {}),
    },
  };
}

describe('Mesos-DNS in the cluster emulator', () => {
  it('reads the file its unit names with -config (a trailing / on the zk path names the same node)', () => {
    const dns = componentsOf(tree({ '/etc/systemd/system/mesos-dns.service': UNIT, '/etc/mesos-dns/config.json': config(`zk://${IPS.map((ip) => `${ip}:2181`).join(',')}/mesos/`) }, ['mesos-dns']), 'h', IPS[0]).mesosDns;
    expect(dns).toEqual({ zk: ZK, masters: IPS.map((ip) => `${ip}:5050`), domain: 'mesos', dnsPort: 53, httpPort: 8123, resolvers: ['10.1.0.1'] });
    // Not started: not read.
    expect(componentsOf(tree({ '/etc/systemd/system/mesos-dns.service': UNIT }, []), 'h', IPS[0]).mesosDns).toBeUndefined();
  });

  it('names a missing or broken configuration file', () => {
    expect(componentsOf(tree({ '/etc/systemd/system/mesos-dns.service': UNIT }, ['mesos-dns']), 'h', IPS[0]).mesosDns?.problem).toBe('has no configuration file /etc/mesos-dns/config.json');
    const broken = componentsOf(tree({ '/etc/systemd/system/mesos-dns.service': UNIT, '/etc/mesos-dns/config.json': '{"zk": ' }, ['mesos-dns']), 'h', IPS[0]).mesosDns;
    expect(broken?.problem).toBe('cannot parse /etc/mesos-dns/config.json as JSON');
    const model = modelCluster([master(0, broken), master(1), master(2)]);
    expect(model.problems).toContain('c-master-1: mesos-dns cannot parse /etc/mesos-dns/config.json as JSON');
    expect(model.mesosDnsUp.size).toBe(0);
  });

  it('is up only with a zk that reaches the formed ensemble at the leader\'s path, and answers leader.mesos', () => {
    const good = { zk: ZK, masters: [], domain: 'mesos', dnsPort: 53, httpPort: 8123, resolvers: [] };
    const vms = [master(0, good), master(1, { ...good, zk: { ...ZK, path: '/mesos-dns' } }), master(2, { ...good, zk: { hosts: [{ host: '10.9.9.9', port: 2181 }], path: '/mesos' } })];
    const model = modelCluster(vms);
    expect([...model.mesosDnsUp]).toEqual(['m0']);
    expect(model.clusters[0].mesosDns.map((vm) => vm.name)).toEqual(['c-master-1']);
    expect(model.problems).toEqual([
      'c-master-2: mesos-dns zk zk://.../mesos-dns finds no leading master',
      'c-master-3: mesos-dns zk zk://.../mesos finds no leading master',
    ]);
    expect(JSON.parse(answer(model, vms[0], 8123, '/v1/hosts/leader.mesos', new Map()).body)).toEqual([{ host: 'leader.mesos.', ip: IPS[0] }]);
    expect(JSON.parse(answer(model, vms[0], 8123, '/v1/hosts/nothing.mesos', new Map()).body)).toEqual([]);
    // A Mesos-DNS that found no leader does not answer.
    expect(answer(model, vms[1], 8123, '/v1/hosts/leader.mesos', new Map()).status).toBe(0);
    // Without a leader (two masters stopped) no Mesos-DNS is up.
    vms[1].running = false;
    vms[2].running = false;
    expect(modelCluster(vms).mesosDnsUp.size).toBe(0);
  });
});
