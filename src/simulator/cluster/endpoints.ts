import type { ClusterModel, MesosCluster, ModelVm } from './model';

/** What a cluster is asked to carry (root admins set it for the autoscaling tests). */
export interface ClusterLoad {
  cpusUsed: number;
  memUsedMb: number;
}

export interface EndpointAnswer {
  /** 0: nothing listens (connection refused). */
  status: number;
  body: string;
  contentType?: string;
  location?: string;
}

const REFUSED: EndpointAnswer = { status: 0, body: '' };
const json = (value: unknown): EndpointAnswer => ({ status: 200, body: JSON.stringify(value), contentType: 'application/json' });
/** Mesos's JSON writer escapes every '/' ("master\/elected":1), which scripts that grep its output meet. */
const mesosJson = (value: unknown): EndpointAnswer => ({ status: 200, body: JSON.stringify(value).replace(/\//g, '\\/'), contentType: 'application/json' });
const notFound: EndpointAnswer = { status: 404, body: '', contentType: 'text/plain' };

/** Mesos's default for an agent's mem resource: total less 1 GB, or half when below 2 GB. */
export function agentMemoryMb(totalMb: number): number {
  return totalMb >= 2048 ? totalMb - 1024 : Math.floor(totalMb / 2);
}

export function agentResources(vm: ModelVm): { cpus: number; mem: number; ports: string } {
  return { cpus: vm.cpus, mem: agentMemoryMb(vm.memoryMb), ports: '[31000-32000]' };
}

/** The cluster's totals and what its load uses of them (never more than it has). */
export function usage(cluster: MesosCluster, load: ClusterLoad | undefined) {
  const totals = cluster.agents.map(agentResources).reduce((sum, r) => ({ cpus: sum.cpus + r.cpus, mem: sum.mem + r.mem }), { cpus: 0, mem: 0 });
  const cpusUsed = Math.min(load?.cpusUsed ?? 0, totals.cpus);
  const memUsed = Math.min(load?.memUsedMb ?? 0, totals.mem);
  return { cpusTotal: totals.cpus, memTotal: totals.mem, cpusUsed, memUsed };
}

const pid = (vm: ModelVm, kind: 'master' | 'slave(1)', port: number) => `${kind}@${vm.ip}:${port}`;
const frameworkId = (cluster: MesosCluster, name: string) => `${cluster.leader!.vmId}-${name}`;

function masterState(cluster: MesosCluster, load: ClusterLoad | undefined) {
  const leader = cluster.leader!;
  const port = leader.components.master!.port;
  const share = usage(cluster, load);
  return {
    hostname: leader.ip,
    pid: pid(leader, 'master', port),
    leader: pid(leader, 'master', port),
    leader_info: { hostname: leader.ip, ip: leader.ip, port },
    cluster: cluster.name,
    activated_slaves: cluster.agents.length,
    deactivated_slaves: 0,
    slaves: cluster.agents.map((agent) => {
      const resources = agentResources(agent);
      // The load is spread over the agents in proportion to what each offers.
      const used = { cpus: share.cpusTotal ? (share.cpusUsed * resources.cpus) / share.cpusTotal : 0, mem: share.memTotal ? (share.memUsed * resources.mem) / share.memTotal : 0 };
      return { id: `${agent.vmId}-S0`, hostname: agent.ip, pid: pid(agent, 'slave(1)', agent.components.agent!.port), active: true, resources, used_resources: used };
    }),
    frameworks: cluster.frameworks.map((f) => ({
      id: frameworkId(cluster, f.name),
      name: f.name,
      hostname: f.vm.ip,
      active: true,
      webui_url: `http://${f.vm.ip}:${f.vm.components[f.name]!.port}`,
    })),
  };
}

function masterMetrics(cluster: MesosCluster | undefined, vm: ModelVm, load: ClusterLoad | undefined) {
  const elected = cluster?.leader === vm;
  if (!elected) return { 'master/elected': 0, 'master/uptime_secs': 1 };
  const share = usage(cluster!, load);
  const percent = (used: number, total: number) => (total ? used / total : 0);
  return {
    'master/elected': 1,
    'master/uptime_secs': 1,
    'master/slaves_active': cluster!.agents.length,
    'master/slaves_connected': cluster!.agents.length,
    'master/frameworks_active': cluster!.frameworks.length,
    'master/cpus_total': share.cpusTotal,
    'master/cpus_used': share.cpusUsed,
    'master/cpus_percent': percent(share.cpusUsed, share.cpusTotal),
    'master/mem_total': share.memTotal,
    'master/mem_used': share.memUsed,
    'master/mem_percent': percent(share.memUsed, share.memTotal),
  };
}

function redirectToLeader(cluster: MesosCluster | undefined, suffix: string): EndpointAnswer {
  // A master that is not the leader answers 307 to the leader, or 503 while none is elected.
  if (!cluster?.leader) return { status: 503, body: 'No leader elected', contentType: 'text/plain' };
  return { status: 307, body: '', location: `//${cluster.leader.ip}:${cluster.leader.components.master!.port}${suffix}` };
}

/**
 * Mesos-DNS's HTTP interface (/v1/version, /v1/config, /v1/hosts/<name>) for the names it
 * derives from the leader's state: leader.<domain> and master.<domain>; any other name has no
 * address here.
 */
function mesosDnsAnswer(model: ClusterModel, vm: ModelVm, path: string): EndpointAnswer {
  const dns = vm.components.mesosDns!;
  const cluster = model.clusters.find((c) => c.mesosDns.includes(vm))!;
  if (path === '/v1/version') return json({ Service: 'Mesos-DNS', URL: 'https://github.com/mesosphere/mesos-dns', Version: 'v0.8.0' });
  if (path === '/v1/config') {
    const zk = dns.zk ? `zk://${dns.zk.hosts.map((h) => `${h.host}:${h.port}`).join(',')}${dns.zk.path}` : '';
    return json({ Masters: dns.masters, Zk: zk, Port: dns.dnsPort, Domain: dns.domain, Resolvers: dns.resolvers, HttpPort: dns.httpPort, DnsOn: true, HttpOn: true });
  }
  const host = /^\/v1\/hosts\/([^/]+)$/.exec(path)?.[1].replace(/\.$/, '');
  if (host === undefined) return notFound;
  const record = (ip: string) => ({ host: `${host}.`, ip });
  if (host === `leader.${dns.domain}`) return json([record(cluster.leader!.ip)]);
  if (host === `master.${dns.domain}`) return json(cluster.masters.map((m) => record(m.ip)));
  return json([]);
}

/**
 * Answers an HTTP GET to port `port` of a VM in the model: the Mesos master and agent endpoints
 * tools and the readiness scripts use, Marathon's /ping and /v2/info, Chronos's UI root and
 * Marathon-LB's health check — each only when that service would be up.
 */
export function answer(model: ClusterModel, vm: ModelVm, port: number, path: string, loads: Map<string, ClusterLoad>): EndpointAnswer {
  if (!vm.running) return REFUSED;
  const c = vm.components;
  const clusterOfMaster = model.masterOf.get(vm.vmId);
  const load = clusterOfMaster && loads.get(clusterOfMaster.key);
  if (c.master && port === c.master.port) {
    const elected = clusterOfMaster?.leader === vm;
    switch (path) {
      case '/master/health': case '/health': return { status: 200, body: '' };
      // The web UI, where /master/redirect sends a browser.
      case '/': return { status: 200, body: '<html><head><title>Mesos</title></head></html>', contentType: 'text/html' };
      case '/master/redirect': return redirectToLeader(clusterOfMaster, '');
      case '/metrics/snapshot': return mesosJson(masterMetrics(clusterOfMaster, vm, load));
      case '/master/frameworks': case '/frameworks':
        return elected ? mesosJson({ frameworks: masterState(clusterOfMaster!, load).frameworks }) : redirectToLeader(clusterOfMaster, path);
      case '/master/state': case '/master/state.json': case '/state': case '/state.json':
        return elected ? mesosJson(masterState(clusterOfMaster!, load)) : redirectToLeader(clusterOfMaster, path);
      default: return notFound;
    }
  }
  if (c.agent && port === c.agent.port) {
    const cluster = model.agentOf.get(vm.vmId);
    switch (path) {
      case '/slave(1)/health': case '/health': return { status: 200, body: '' };
      case '/metrics/snapshot': return mesosJson({ 'slave/registered': cluster ? 1 : 0, 'slave/cpus_total': vm.cpus, 'slave/mem_total': agentMemoryMb(vm.memoryMb) });
      case '/slave(1)/state': case '/state':
        return mesosJson({ hostname: vm.ip, pid: pid(vm, 'slave(1)', c.agent.port), master_hostname: cluster?.leader?.ip, resources: agentResources(vm) });
      default: return notFound;
    }
  }
  // Whoever binds first holds the port: ZooKeeper starts before the frameworks.
  if (model.adminServerPorts.get(vm.vmId) === port) return path.startsWith('/commands') ? json({ command: path.split('/')[2] ?? '', error: null }) : notFound;
  if (c.marathon && port === c.marathon.port && model.marathonUp.has(vm.vmId)) {
    const cluster = model.clusters.find((cl) => cl.frameworks.some((f) => f.name === 'marathon' && f.vm === vm))
      ?? model.clusters.find((cl) => cl.frameworks.some((f) => f.name === 'marathon'));
    const leader = cluster?.frameworks.find((f) => f.name === 'marathon')?.vm;
    switch (path) {
      case '/ping': return { status: 200, body: 'pong\n', contentType: 'text/plain' };
      case '/v2/info': return json({
        name: 'marathon',
        elected: leader === vm,
        leader: leader ? `${leader.ip}:${leader.components.marathon!.port}` : null,
        frameworkId: cluster && leader ? frameworkId(cluster, 'marathon') : null,
        marathon_config: { master: c.marathon.master ? `zk://${c.marathon.master.hosts.map((h) => `${h.host}:${h.port}`).join(',')}${c.marathon.master.path}` : null, hostname: vm.ip, http_port: c.marathon.port },
        zookeeper_config: { zk: c.marathon.zk ? `zk://${c.marathon.zk.hosts.map((h) => `${h.host}:${h.port}`).join(',')}${c.marathon.zk.path}` : null },
      });
      default: return notFound;
    }
  }
  if (c.chronos && port === c.chronos.port && model.chronosUp.has(vm.vmId)) return path === '/' ? { status: 200, body: '<html></html>', contentType: 'text/html' } : notFound;
  if (c.mesosDns && port === c.mesosDns.httpPort && model.mesosDnsUp.has(vm.vmId)) return mesosDnsAnswer(model, vm, path);
  if (c.marathonLb && port === c.marathonLb.port && model.marathonLbUp.has(vm.vmId)) return path === '/_haproxy_health_check' ? { status: 200, body: '' } : notFound;
  return REFUSED;
}
