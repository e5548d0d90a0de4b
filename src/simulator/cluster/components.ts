import { shellWords } from '../cloud-init';
import type { BootedTree } from './boot';

/**
 * The configuration of each cluster component a VM runs, read from the files its first boot left
 * (systemd units, ZooKeeper's zoo.cfg and myid, /etc/hosts) — not from the template.
 */
export interface ZooKeeperConfig {
  myid?: number;
  clientPort: number;
  /** server.N → host of its quorum port. */
  servers: Map<number, string>;
  /** ZooKeeper 3.5 and later start an AdminServer on 8080 unless admin.enableServer=false. */
  adminServerPort?: number;
}

export interface ZkUrl {
  hosts: Array<{ host: string; port: number }>;
  path: string;
}

/** A framework's CRAM-MD5 credential, when it authenticates. */
export interface FrameworkCredential { principal: string; secret?: string }
export interface MesosMasterConfig {
  zk?: ZkUrl; quorum?: number; advertisedIp: string; port: number; cluster?: string;
  /** --authenticate_frameworks: principal → secret from --credentials; undefined when off. */
  frameworkCredentials?: Map<string, string>;
}
export interface MesosAgentConfig { master?: ZkUrl; advertisedIp: string; port: number }
export interface MarathonConfig { master?: ZkUrl; zk?: ZkUrl; port: number; credential?: FrameworkCredential }
export interface ChronosConfig { master?: ZkUrl; zk?: ZkUrl; port: number; credential?: FrameworkCredential }
export interface MarathonLbConfig { marathons: string[]; port: number }
/** Mesos-DNS's config.json: how it finds the leader, where it answers, where other names go. */
export interface MesosDnsConfig {
  zk?: ZkUrl; masters: string[]; domain: string; dnsPort: number; httpPort?: number; resolvers: string[];
  /** Why Mesos-DNS would not start with this file (missing, not JSON). */
  problem?: string;
}
/** An HAProxy `listen` section: a port forwarded to the first server that passes its HTTP check. */
export interface HaproxyListener { port: number; checkPath?: string; expectStatus?: number; servers: Array<{ host: string; port: number }> }

export interface VmComponents {
  zookeeper?: ZooKeeperConfig;
  master?: MesosMasterConfig;
  agent?: MesosAgentConfig;
  marathon?: MarathonConfig;
  chronos?: ChronosConfig;
  marathonLb?: MarathonLbConfig;
  mesosDns?: MesosDnsConfig;
  haproxy?: HaproxyListener[];
}

export function parseZkHosts(list: string): ZkUrl['hosts'] {
  return list.split(',').filter(Boolean).map((entry) => {
    const [host, port] = entry.split(':');
    return { host, port: Number(port ?? 2181) };
  });
}

/** zk://host:port,host:port/path (Mesos and Marathon); anything else is undefined. */
export function parseZkUrl(url: string | undefined): ZkUrl | undefined {
  const match = /^zk:\/\/(?:[^@/]*@)?([^/]+)(\/.*)?$/.exec(url ?? '');
  return match ? { hosts: parseZkHosts(match[1]), path: match[2] ?? '/' } : undefined;
}

/** Mesos-DNS reads its configuration from -config (Go's flag syntax), ./config.json by default. */
function mesosDnsConfig(words: string[], files: Map<string, string>): MesosDnsConfig {
  let path = '/config.json';
  words.forEach((word, i) => {
    const match = /^--?config(?:=(.*))?$/.exec(word);
    if (match) path = match[1] ?? words[i + 1] ?? path;
  });
  const empty: MesosDnsConfig = { masters: [], domain: 'mesos', dnsPort: 53, httpPort: 8123, resolvers: [] };
  const text = files.get(path);
  if (text === undefined) return { ...empty, problem: `has no configuration file ${path}` };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { ...empty, problem: `cannot parse ${path} as JSON` };
  }
  const strings = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const zk = parseZkUrl(typeof raw.zk === 'string' ? raw.zk : undefined);
  // The documented form zk://host:port/mesos/ names the same node as zk://host:port/mesos.
  if (zk && zk.path.length > 1) zk.path = zk.path.replace(/\/+$/, '');
  return {
    zk,
    masters: strings(raw.masters),
    domain: typeof raw.domain === 'string' ? raw.domain : 'mesos',
    dnsPort: typeof raw.port === 'number' ? raw.port : 53,
    httpPort: raw.httpon === false ? undefined : typeof raw.httpport === 'number' ? raw.httpport : 8123,
    resolvers: strings(raw.resolvers),
  };
}

/** The ExecStart words of a unit file (the first ExecStart line). */
function execStart(unit: string | undefined): string[] | undefined {
  const line = unit?.split('\n').find((l) => l.startsWith('ExecStart='));
  return line === undefined ? undefined : shellWords(line.slice('ExecStart='.length));
}

/** A command line's options: --name=value and --name value both; repeated names keep all values. */
function options(words: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (let i = 0; i < words.length; i++) {
    const match = /^--([A-Za-z0-9_-]+)(?:=(.*))?$/.exec(words[i]);
    if (!match) continue;
    const values: string[] = [];
    if (match[2] !== undefined) values.push(match[2]);
    else while (i + 1 < words.length && !words[i + 1].startsWith('--')) values.push(words[++i]);
    found.set(match[1], [...(found.get(match[1]) ?? []), ...values]);
  }
  return found;
}

/** The address a name resolves to through the VM's /etc/hosts (first match), if any. */
function resolveThroughHosts(hosts: string | undefined, name: string): string | undefined {
  for (const line of (hosts ?? '').split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (address && names.includes(name)) return address;
  }
  return undefined;
}

function zooKeeper(files: Map<string, string>): ZooKeeperConfig | undefined {
  const cfg = files.get('/etc/zookeeper/conf/zoo.cfg');
  if (cfg === undefined) return undefined;
  const props = new Map<string, string>();
  for (const line of cfg.split('\n')) {
    const match = /^\s*([^#=\s]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) props.set(match[1], match[2]);
  }
  const servers = new Map<number, string>();
  for (const [key, value] of props) {
    const id = /^server\.(\d+)$/.exec(key);
    if (id) servers.set(Number(id[1]), value.split(':')[0]);
  }
  // Debian and Ubuntu link dataDir/myid to /etc/zookeeper/conf/myid.
  const dataDir = props.get('dataDir') ?? '/var/lib/zookeeper';
  const myidText = files.get(`${dataDir}/myid`) ?? files.get('/etc/zookeeper/conf/myid');
  const myid = myidText !== undefined && /^\s*\d+\s*$/.test(myidText) ? Number(myidText) : undefined;
  const adminOff = props.get('admin.enableServer') === 'false';
  return {
    myid,
    clientPort: Number(props.get('clientPort') ?? 2181),
    servers,
    adminServerPort: adminOff ? undefined : Number(props.get('admin.serverPort') ?? 8080),
  };
}

/** The `listen` sections of haproxy.cfg (bind, option httpchk, http-check expect status, server). */
function haproxyListeners(cfg: string | undefined): HaproxyListener[] {
  const listeners: HaproxyListener[] = [];
  let current: HaproxyListener | undefined;
  for (const raw of (cfg ?? '').split('\n')) {
    const words = raw.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    if (['listen', 'frontend', 'backend', 'defaults', 'global'].includes(words[0])) {
      current = words[0] === 'listen' ? { port: 0, servers: [] } : undefined;
      if (current) listeners.push(current);
    } else if (current && words[0] === 'bind') {
      current.port = Number(/:(\d+)$/.exec(words[1] ?? '')?.[1] ?? 0);
    } else if (current && words[0] === 'option' && words[1] === 'httpchk') {
      current.checkPath = words.slice(2).find((w) => w.startsWith('/')) ?? '/';
    } else if (current && words[0] === 'http-check' && words[1] === 'expect' && words[2] === 'status') {
      current.expectStatus = Number(words[3]);
    } else if (current && words[0] === 'server' && words[2]) {
      const [host, port] = words[2].split(':');
      current.servers.push({ host, port: Number(port ?? 80) });
    }
  }
  return listeners.filter((l) => l.port > 0);
}

/** Mesos's --credentials file: JSON {"credentials":[{principal, secret}]} or "principal secret" lines. */
function credentialsFile(text: string | undefined): Map<string, string> {
  const found = new Map<string, string>();
  if (text === undefined) return found;
  try {
    const parsed = JSON.parse(text) as { credentials?: Array<{ principal?: unknown; secret?: unknown }> };
    for (const c of parsed.credentials ?? []) if (typeof c.principal === 'string') found.set(c.principal, String(c.secret ?? ''));
  } catch {
    for (const line of text.split('\n')) {
      const [principal, secret] = line.trim().split(/\s+/);
      if (principal) found.set(principal, secret ?? '');
    }
  }
  return found;
}

const filePath = (value: string | undefined) => value?.replace(/^file:\/\//, '');

const first = (opts: Map<string, string[]>, name: string): string | undefined => opts.get(name)?.[0];

/** Reads the components a booted VM runs (a unit counts only when systemctl started it). */
export function componentsOf(tree: BootedTree, hostname: string, privateIp: string): VmComponents {
  const { files, started } = tree;
  const unit = (name: string) => (started.has(name) ? execStart(files.get(`/etc/systemd/system/${name}.service`) ?? files.get(`/lib/systemd/system/${name}.service`)) : undefined);
  // A daemon without --ip advertises the address its hostname resolves to: Ubuntu's 127.0.1.1
  // unless something fixed /etc/hosts.
  const advertised = (opts: Map<string, string[]>) => first(opts, 'ip') ?? resolveThroughHosts(files.get('/etc/hosts'), hostname) ?? privateIp;
  const components: VmComponents = {};
  if (started.has('zookeeper')) components.zookeeper = zooKeeper(files);
  const master = unit('mesos-master');
  if (master) {
    const opts = options(master);
    const authenticates = opts.has('authenticate_frameworks') || opts.has('authenticate');
    components.master = {
      zk: parseZkUrl(first(opts, 'zk')), quorum: first(opts, 'quorum') === undefined ? undefined : Number(first(opts, 'quorum')), advertisedIp: advertised(opts), port: Number(first(opts, 'port') ?? 5050), cluster: first(opts, 'cluster'),
      frameworkCredentials: authenticates ? credentialsFile(files.get(filePath(first(opts, 'credentials')) ?? '')) : undefined,
    };
  }
  // A framework's principal and the secret in its secret file (read as the file is, no newline added).
  const credential = (opts: Map<string, string[]>, enabled: boolean): FrameworkCredential | undefined => {
    const principal = first(opts, 'mesos_authentication_principal');
    if (!enabled || !principal) return undefined;
    const secretFile = first(opts, 'mesos_authentication_secret_file');
    return { principal, secret: secretFile === undefined ? undefined : files.get(secretFile) };
  };
  const agent = unit('mesos-agent');
  if (agent) {
    const opts = options(agent);
    components.agent = { master: parseZkUrl(first(opts, 'master')), advertisedIp: advertised(opts), port: Number(first(opts, 'port') ?? 5051) };
  }
  const marathon = unit('marathon');
  if (marathon) {
    const opts = options(marathon);
    components.marathon = { master: parseZkUrl(first(opts, 'master')), zk: parseZkUrl(first(opts, 'zk') ?? 'zk://localhost:2181/marathon'), port: Number(first(opts, 'http_port') ?? 8080), credential: credential(opts, opts.has('mesos_authentication')) };
  }
  const chronos = unit('chronos');
  if (chronos) {
    const opts = options(chronos);
    const zkHosts = first(opts, 'zk_hosts') ?? 'localhost:2181';
    components.chronos = { master: parseZkUrl(first(opts, 'master')), zk: { hosts: parseZkHosts(zkHosts), path: first(opts, 'zk_path') ?? '/chronos/state' }, port: Number(first(opts, 'http_port') ?? 8080), credential: credential(opts, true) };
  }
  const lb = unit('marathon-lb');
  if (lb) {
    // Marathon-LB's own arguments follow the image name in `docker run ... IMAGE sse --marathon URL...`.
    components.marathonLb = { marathons: options(lb).get('marathon') ?? [], port: 9090 };
  }
  const dns = unit('mesos-dns');
  if (dns) components.mesosDns = mesosDnsConfig(dns, files);
  if (started.has('haproxy')) components.haproxy = haproxyListeners(files.get('/etc/haproxy/haproxy.cfg'));
  return components;
}
