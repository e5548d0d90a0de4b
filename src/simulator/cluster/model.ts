import type { VmComponents, ZkUrl } from './components';

/** A booted VM as the cluster model sees it. */
export interface ModelVm {
  vmId: string;
  name: string;
  ip: string;
  running: boolean;
  /** Order of first boot: the earliest reachable master wins the first election. */
  bootOrder: number;
  cpus: number;
  memoryMb: number;
  components: VmComponents;
}

export interface Ensemble {
  /** The servers' shared configuration, canonical: "1=10.1.0.5,2=10.1.0.6,...". */
  id: string;
  size: number;
  voters: ModelVm[];
  formed: boolean;
  leader?: ModelVm;
}

export interface MesosCluster {
  /** ensemble id + ZooKeeper path: masters that share it compete for one leadership. */
  key: string;
  name?: string;
  ensemble: Ensemble;
  path: string;
  masters: ModelVm[];
  quorum?: number;
  leader?: ModelVm;
  agents: ModelVm[];
  frameworks: Array<{ name: 'marathon' | 'chronos'; vm: ModelVm }>;
  /** Mesos-DNS servers that found this cluster's leader through ZooKeeper. */
  mesosDns: ModelVm[];
}

export interface ClusterModel {
  ensembles: Ensemble[];
  clusters: MesosCluster[];
  /** Why something did not come up, in words an operator can act on. */
  problems: string[];
  /** vmId → the services on it that answer, by port. */
  marathonUp: Set<string>;
  chronosUp: Set<string>;
  marathonLbUp: Set<string>;
  /** VMs whose Mesos-DNS found a leading master (and so answers). */
  mesosDnsUp: Set<string>;
  /** vmId → port taken by ZooKeeper's AdminServer. */
  adminServerPorts: Map<string, number>;
  /** vmId → the cluster a master belongs to, or an agent is registered with. */
  masterOf: Map<string, MesosCluster>;
  agentOf: Map<string, MesosCluster>;
  /** ip → VM, for requests inside the network. */
  byIp: Map<string, ModelVm>;
}

const majority = (n: number) => Math.floor(n / 2) + 1;

/** ZooKeeper: a server runs only when its myid names a server line with its own address; an ensemble forms with a majority of its servers running and agreeing on the list. */
function ensembles(vms: ModelVm[], problems: string[]): Ensemble[] {
  const byConfig = new Map<string, Ensemble>();
  for (const vm of vms) {
    const zk = vm.components.zookeeper;
    if (!zk || !vm.running) continue;
    if (zk.myid === undefined) {
      problems.push(`${vm.name}: ZooKeeper has no myid`);
      continue;
    }
    const own = zk.servers.get(zk.myid);
    if (own === undefined) {
      problems.push(`${vm.name}: ZooKeeper myid ${zk.myid} is not in its server list`);
      continue;
    }
    if (own !== vm.ip) {
      problems.push(`${vm.name}: ZooKeeper myid ${zk.myid} names ${own}, not this VM (${vm.ip})`);
      continue;
    }
    const id = [...zk.servers.entries()].sort(([a], [b]) => a - b).map(([n, host]) => `${n}=${host}`).join(',');
    const ensemble = byConfig.get(id) ?? { id, size: zk.servers.size, voters: [], formed: false };
    ensemble.voters.push(vm);
    byConfig.set(id, ensemble);
  }
  for (const ensemble of byConfig.values()) {
    ensemble.formed = ensemble.voters.length >= majority(ensemble.size);
    // Fast leader election settles on the highest myid among equally up-to-date voters.
    if (ensemble.formed) ensemble.leader = [...ensemble.voters].sort((a, b) => (b.components.zookeeper!.myid ?? 0) - (a.components.zookeeper!.myid ?? 0))[0];
    else problems.push(`ZooKeeper ensemble ${ensemble.id}: ${ensemble.voters.length} of ${ensemble.size} servers agree, ${majority(ensemble.size)} needed`);
  }
  if (byConfig.size > 1) problems.push(`ZooKeeper servers disagree on the ensemble: ${[...byConfig.keys()].join(' | ')}`);
  return [...byConfig.values()];
}

/** The formed ensemble a ZooKeeper client with these hosts reaches, if any. */
function reach(url: ZkUrl | undefined, vms: ModelVm[], formed: Ensemble[]): Ensemble | undefined {
  if (!url) return undefined;
  for (const { host, port } of url.hosts) {
    const ensemble = formed.find((e) => e.voters.some((vm) => vm.ip === host && vm.components.zookeeper!.clientPort === port));
    if (ensemble) return ensemble;
  }
  return undefined;
}

export function modelCluster(vms: ModelVm[]): ClusterModel {
  const problems: string[] = [];
  const all = ensembles(vms, problems);
  const formed = all.filter((e) => e.formed);
  const clusters = new Map<string, MesosCluster>();
  const adminServerPorts = new Map<string, number>();
  for (const vm of vms) {
    const port = vm.running ? vm.components.zookeeper?.adminServerPort : undefined;
    if (port !== undefined) adminServerPorts.set(vm.vmId, port);
  }

  // Masters: grouped by the ensemble they reach and their path.
  const configured = new Map<string, number>();
  for (const vm of vms) {
    const master = vm.components.master;
    if (!master) continue;
    const urlKey = `${master.zk?.hosts.map((h) => `${h.host}:${h.port}`).sort().join(',')}${master.zk?.path}`;
    configured.set(urlKey, (configured.get(urlKey) ?? 0) + 1);
    if (!vm.running) continue;
    const ensemble = reach(master.zk, vms, formed);
    if (!ensemble) {
      problems.push(`${vm.name}: mesos-master --zk reaches no formed ZooKeeper ensemble`);
      continue;
    }
    const key = `${ensemble.id}${master.zk!.path}`;
    const cluster = clusters.get(key) ?? { key, ensemble, path: master.zk!.path, masters: [], agents: [], frameworks: [], mesosDns: [] };
    cluster.masters.push(vm);
    clusters.set(key, cluster);
  }
  for (const cluster of clusters.values()) {
    cluster.masters.sort((a, b) => a.bootOrder - b.bootOrder);
    cluster.name = cluster.masters[0].components.master!.cluster;
    const quorums = new Set(cluster.masters.map((vm) => vm.components.master!.quorum));
    const urlKeys = new Set(cluster.masters.map((vm) => `${vm.components.master!.zk!.hosts.map((h) => `${h.host}:${h.port}`).sort().join(',')}${vm.components.master!.zk!.path}`));
    // The masters do not say how many they are. Where each is also a ZooKeeper server (the
    // usual layout, and the template's), the ensemble's server list is the list of masters, also
    // while some have not booted yet.
    const colocated = cluster.masters.every((vm) => cluster.ensemble.voters.includes(vm));
    const size = Math.max(cluster.masters.length, [...urlKeys].reduce((n, k) => n + (configured.get(k) ?? 0), 0), colocated ? cluster.ensemble.size : 0);
    if (quorums.size !== 1 || [...quorums][0] === undefined) {
      problems.push(`Mesos cluster ${cluster.name ?? cluster.key}: the masters disagree on --quorum (${[...quorums].join(', ')})`);
      continue;
    }
    const quorum = [...quorums][0]!;
    cluster.quorum = quorum;
    if (quorum * 2 <= size) {
      // Mesos requires quorum > masters/2: a smaller quorum lets two masters each win a log.
      problems.push(`Mesos cluster ${cluster.name ?? cluster.key}: --quorum=${quorum} is not a majority of ${size} masters`);
      continue;
    }
    const reachable = cluster.masters.filter((vm) => vm.components.master!.advertisedIp === vm.ip);
    for (const vm of cluster.masters) {
      if (!reachable.includes(vm)) problems.push(`${vm.name}: mesos-master advertises ${vm.components.master!.advertisedIp}, which its peers cannot reach`);
    }
    if (reachable.length < quorum) {
      problems.push(`Mesos cluster ${cluster.name ?? cluster.key}: ${reachable.length} reachable masters, --quorum=${quorum} needed for the replicated log`);
      continue;
    }
    cluster.leader = reachable[0];
  }
  const led = [...clusters.values()].filter((c) => c.leader);
  const clusterOf = (url: ZkUrl | undefined) => {
    const ensemble = reach(url, vms, formed);
    return ensemble && led.find((c) => c.ensemble === ensemble && c.path === url!.path);
  };

  for (const vm of vms) {
    const agent = vm.components.agent;
    if (!agent || !vm.running) continue;
    const cluster = clusterOf(agent.master);
    if (!cluster) problems.push(`${vm.name}: mesos-agent --master ${agent.master ? `zk://...${agent.master.path}` : '(none)'} finds no leading master`);
    else if (agent.advertisedIp !== vm.ip) problems.push(`${vm.name}: mesos-agent advertises ${agent.advertisedIp}, which the masters cannot reach`);
    else cluster.agents.push(vm);
  }

  // Frameworks: a scheduler process is up once its own ZooKeeper state is reachable (and its HTTP
  // port is free); its leader registers with the leading Mesos master.
  const marathonUp = new Set<string>();
  const chronosUp = new Set<string>();
  for (const vm of vms.filter((v) => v.running).sort((a, b) => a.bootOrder - b.bootOrder)) {
    for (const kind of ['marathon', 'chronos'] as const) {
      const framework = vm.components[kind];
      if (!framework) continue;
      if (adminServerPorts.get(vm.vmId) === framework.port) {
        problems.push(`${vm.name}: ${kind} cannot bind port ${framework.port}: ZooKeeper's AdminServer holds it (admin.enableServer=false in zoo.cfg)`);
        continue;
      }
      if (!reach(framework.zk, vms, formed)) {
        problems.push(`${vm.name}: ${kind} reaches no formed ZooKeeper ensemble for its state`);
        continue;
      }
      (kind === 'marathon' ? marathonUp : chronosUp).add(vm.vmId);
      const cluster = clusterOf(framework.master);
      if (!cluster || cluster.frameworks.some((f) => f.name === kind)) continue;
      // A leader started with --authenticate_frameworks registers only a framework whose
      // principal and secret match its credentials (CRAM-MD5).
      const required = cluster.leader!.components.master!.frameworkCredentials;
      const offered = framework.credential;
      if (required && (!offered || offered.secret === undefined || required.get(offered.principal) !== offered.secret)) {
        problems.push(`${vm.name}: ${kind} is refused by the leading master: framework authentication ${offered ? `failed for principal ${offered.principal}` : 'is required'}`);
        continue;
      }
      cluster.frameworks.push({ name: kind, vm });
    }
  }
  const marathonLbUp = new Set<string>();
  const ipIndex = new Map(vms.map((vm) => [vm.ip, vm]));
  for (const vm of vms) {
    const lb = vm.components.marathonLb;
    if (!lb || !vm.running) continue;
    const serving = lb.marathons.some((url) => {
      try {
        const { hostname, port } = new URL(url);
        const m = ipIndex.get(hostname);
        return m !== undefined && marathonUp.has(m.vmId) && String(m.components.marathon!.port) === (port || '80');
      } catch {
        return false;
      }
    });
    if (serving) marathonLbUp.add(vm.vmId);
    else problems.push(`${vm.name}: marathon-lb reaches no running Marathon`);
  }
  // Mesos-DNS detects the leading master through ZooKeeper: with a --zk that reaches no formed
  // ensemble, or a path where no master leads, it has no leader to read state from.
  const mesosDnsUp = new Set<string>();
  for (const vm of vms) {
    const dns = vm.components.mesosDns;
    if (!dns || !vm.running) continue;
    if (dns.problem) {
      problems.push(`${vm.name}: mesos-dns ${dns.problem}`);
      continue;
    }
    const cluster = clusterOf(dns.zk);
    if (!cluster) {
      problems.push(`${vm.name}: mesos-dns zk ${dns.zk ? `zk://...${dns.zk.path}` : '(none)'} finds no leading master`);
      continue;
    }
    mesosDnsUp.add(vm.vmId);
    cluster.mesosDns.push(vm);
  }
  const masterOf = new Map<string, MesosCluster>();
  const agentOf = new Map<string, MesosCluster>();
  for (const cluster of clusters.values()) {
    for (const vm of cluster.masters) masterOf.set(vm.vmId, cluster);
    for (const vm of cluster.agents) agentOf.set(vm.vmId, cluster);
  }
  const byIp = new Map(vms.map((vm) => [vm.ip, vm]));
  return { ensembles: all, clusters: [...clusters.values()], problems, marathonUp, chronosUp, marathonLbUp, mesosDnsUp, adminServerPorts, masterOf, agentOf, byIp };
}
