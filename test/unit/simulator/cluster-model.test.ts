import type { VmComponents } from '../../../src/simulator/cluster/components';
import { answer } from '../../../src/simulator/cluster/endpoints';
import { modelCluster, type ModelVm } from '../../../src/simulator/cluster/model';
import { parseReadyScript } from '../../../src/simulator/cluster/ready-script';

/** The cluster model and readiness-script reading on their own, without a simulator. */

const IPS = ['10.1.0.5', '10.1.0.6', '10.1.0.7'];
const ZK = { hosts: IPS.map((host) => ({ host, port: 2181 })), path: '/mesos' };

function master(i: number, overrides: Partial<VmComponents> = {}, myid = i + 1): ModelVm {
  return {
    vmId: `m${i}`, name: `c-master-${i + 1}`, ip: IPS[i], running: true, bootOrder: i + 1, cpus: 2, memoryMb: 4096,
    components: {
      zookeeper: { myid, clientPort: 2181, servers: new Map(IPS.map((ip, n) => [n + 1, ip])) },
      master: { zk: ZK, quorum: 2, advertisedIp: IPS[i], port: 5050, cluster: 'c' },
      marathon: { master: ZK, zk: { ...ZK, path: '/marathon' }, port: 8080 },
      ...overrides,
    },
  };
}

function agent(i: number, path = '/mesos', ip = `10.1.1.${i + 1}`): ModelVm {
  return { vmId: `a${i}`, name: `c-agent-${i + 1}`, ip, running: true, bootOrder: 10 + i, cpus: 4, memoryMb: 8192, components: { agent: { master: { ...ZK, path }, advertisedIp: ip, port: 5051 } } };
}

describe('the cluster model', () => {
  it('forms the ensemble, elects the first-booted master, registers the agents and Marathon', () => {
    const model = modelCluster([master(0), master(1), master(2), agent(0), agent(1)]);
    expect(model.problems).toEqual([]);
    expect(model.ensembles.map((e) => [e.formed, e.leader?.name])).toEqual([[true, 'c-master-3']]);
    const [cluster] = model.clusters;
    expect([cluster.leader?.name, cluster.agents.map((a) => a.name), cluster.frameworks.map((f) => f.name)]).toEqual(['c-master-1', ['c-agent-1', 'c-agent-2'], ['marathon']]);
  });

  it('keeps a quorum with one master stopped and loses it with two', () => {
    const vms = [master(0), master(1), master(2), agent(0)];
    vms[0].running = false;
    expect(modelCluster(vms).clusters[0].leader?.name).toBe('c-master-2');
    vms[1].running = false;
    const model = modelCluster(vms);
    expect(model.clusters).toEqual([]);
    expect(model.problems).toContain('ZooKeeper ensemble 1=10.1.0.5,2=10.1.0.6,3=10.1.0.7: 1 of 3 servers agree, 2 needed');
  });

  it('names the mis-wiring: swapped myids, a loopback master, agents on another path, an AdminServer on Marathon\'s port', () => {
    expect(modelCluster([master(0, {}, 3), master(1), master(2, {}, 1)]).problems).toContain('c-master-1: ZooKeeper myid 3 names 10.1.0.7, not this VM (10.1.0.5)');
    const loopback = [0, 1, 2].map((i) => master(i));
    for (const vm of loopback) vm.components.master!.advertisedIp = '127.0.1.1';
    expect(modelCluster(loopback).problems).toContain('Mesos cluster c: 0 reachable masters, --quorum=2 needed for the replicated log');
    expect(modelCluster([master(0), master(1), master(2), agent(0, '/other')]).problems).toContain('c-agent-1: mesos-agent --master zk://.../other finds no leading master');
    const admin = [0, 1, 2].map((i) => master(i));
    admin[0].components.zookeeper!.adminServerPort = 8080;
    const model = modelCluster(admin);
    expect(model.marathonUp.has('m0')).toBe(false);
    expect(answer(model, admin[0], 8080, '/ping', new Map()).status).toBe(404);
  });

  it('models a thousand agents in one pass', () => {
    const agents = Array.from({ length: 1000 }, (_, i) => agent(i, '/mesos', `10.1.${Math.floor(i / 250) + 1}.${(i % 250) + 1}`));
    const model = modelCluster([master(0), master(1), master(2), ...agents]);
    expect(model.clusters[0].agents).toHaveLength(1000);
    const metrics = answer(model, model.clusters[0].leader!, 5050, '/metrics/snapshot', new Map()).body;
    // As Mesos writes it: every '/' escaped.
    expect(metrics).toContain('"master\\/elected":1,');
    expect(JSON.parse(metrics)['master/slaves_active']).toBe(1000);
    const state = JSON.parse(answer(model, model.clusters[0].leader!, 5050, '/master/state', new Map()).body);
    expect(state.activated_slaves).toBe(1000);
  });
});

describe('readiness scripts', () => {
  it('reads the probes before each signal, honouring rendered if-tests and grep filters', () => {
    const script = [
      '#!/bin/bash',
      "until curl -fsS -o /dev/null 'http://10.1.0.5:5050/master/health'; do sleep 5; done",
      "until curl -fsSL -o /dev/null 'http://10.1.0.5:5050/master/redirect'; do sleep 5; done",
      "if [ 'false' = true ]; then",
      "  until curl -fsS -o /dev/null 'http://10.1.0.5:4400/'; do sleep 5; done",
      'fi',
      `until curl -fsS 'http://10.1.0.5:5051/metrics/snapshot' | grep -Eq '"slave\\\\?/registered":1'; do sleep 5; done`,
      'until mysqladmin ping; do sleep 5; done',
      `curl -fsS -X PUT -H 'Content-Type: application/json' --data-binary '{"Status":"SUCCESS"}' 'http://127.0.0.1:8080/signal/x'`,
    ].join('\n');
    const [step] = parseReadyScript(script);
    expect(step.signals.map((s) => s.url)).toEqual(['http://127.0.0.1:8080/signal/x']);
    expect(step.waits).toEqual([
      { kind: 'http', url: 'http://10.1.0.5:5050/master/health', failOnHttpError: true, followRedirects: false },
      { kind: 'http', url: 'http://10.1.0.5:5050/master/redirect', failOnHttpError: true, followRedirects: true },
      { kind: 'http', url: 'http://10.1.0.5:5051/metrics/snapshot', failOnHttpError: true, followRedirects: false, grep: { pattern: '"slave\\\\?/registered":1', mode: 'extended' } },
      { kind: 'unknown', command: 'mysqladmin ping' },
    ]);
    // Mesos writes "slave\/registered":1; the pattern takes the escaped form and the plain one.
    const registered = new RegExp(step.waits[2].kind === 'http' ? step.waits[2].grep!.pattern : '');
    expect([registered.test('{"slave\\/registered":1}'), registered.test('{"slave/registered":1}'), registered.test('{"slave\\/registered":0}')]).toEqual([true, true, false]);
  });
});
