import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startTestService, TestService } from '../../support/service';
import { SimulatorClients, stackEvents, stackResources } from '../../support/stacks';
import {
  buildStack, BuiltStack, CloudConfig, directive, fileIn, membersNamed, parseCloudConfig, readExample, runScript, SimVm, validUserData,
} from './example-stacks';

/**
 * examples/mesos-cluster.yaml built through the service on the simulator with 1, 3 and 5 masters
 * in an isolated-network zone and 3 masters in a security-group zone. Every VM's user data is
 * read back from the simulator, validated by cloud-init, and the configuration it produces is
 * checked value by value — by running the scripts the masters would run, where the VM derives
 * values from its peers' IPs.
 */

const ADMIN_CIDR = '203.0.113.0/24';
const REPOSITORY = 'deb http://apt.example.org/mesos focal main';
const REPOSITORY_KEY = '0123456789ABCDEF0123456789ABCDEF01234567';

interface Run {
  stack: string;
  cluster: string;
  masters: number;
  agents: number;
  zone: 'zone-advanced' | 'zone-sg';
  chronos: boolean;
  marathonLb: boolean;
  keyPair?: string;
  repository?: string;
  repositoryKey?: string;
  frameworkSecret?: string;
}

const RUNS: Run[] = [
  { stack: 'mesos-one', cluster: 'one', masters: 1, agents: 2, zone: 'zone-advanced', chronos: false, marathonLb: false, keyPair: 'ops' },
  { stack: 'mesos-three', cluster: 'three', masters: 3, agents: 2, zone: 'zone-advanced', chronos: true, marathonLb: true, frameworkSecret: 'f7Qx2-pL9~wZ4.mK8+rT' },
  { stack: 'mesos-five', cluster: 'five', masters: 5, agents: 2, zone: 'zone-advanced', chronos: true, marathonLb: false, repository: REPOSITORY, repositoryKey: REPOSITORY_KEY },
  { stack: 'mesos-sg', cluster: 'sg', masters: 3, agents: 2, zone: 'zone-sg', chronos: true, marathonLb: true, repository: REPOSITORY },
];

function parametersOf(run: Run): Record<string, string> {
  return {
    ClusterName: run.cluster,
    MasterCount: String(run.masters),
    AgentCount: String(run.agents),
    Zone: run.zone,
    ZoneKind: run.zone === 'zone-sg' ? 'securitygroup' : 'isolated',
    MasterOffering: 'Small Instance',
    AgentOffering: 'Small Instance',
    AdminCidr: ADMIN_CIDR,
    EnableChronos: String(run.chronos),
    EnableMarathonLb: String(run.marathonLb),
    ...(run.keyPair ? { KeyPair: run.keyPair } : {}),
    ...(run.repository ? { PackageRepository: run.repository } : {}),
    ...(run.repositoryKey ? { PackageRepositoryKeyId: run.repositoryKey } : {}),
    ...(run.frameworkSecret ? { FrameworkSecret: run.frameworkSecret } : {}),
  };
}

interface Built {
  run: Run;
  stack: BuiltStack;
  masters: SimVm[];
  agents: SimVm[];
  masterData: CloudConfig[];
  agentData: CloudConfig[];
}

let svc: TestService;
let clients: SimulatorClients;
const built = new Map<string, Built>();

beforeAll(async () => {
  svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
  clients = new SimulatorClients(svc);
  await clients.as('alice').request('createSSHKeyPair', { name: 'ops' });
  const template = await readExample('mesos-cluster.yaml');
  // The four stacks are independent: building them at once keeps the file quick. Together they
  // hold 20 small VMs, alice's VM limit.
  await Promise.all(RUNS.map(async (run) => {
    const stack = await buildStack(svc, run.stack, template, parametersOf(run));
    const masters = await membersNamed(clients, `${run.cluster}-master`);
    const agents = await membersNamed(clients, `${run.cluster}-agent`);
    const masterData = await Promise.all(masters.map(async (vm) => parseCloudConfig(await validUserData(clients, vm))));
    const agentData = await Promise.all(agents.map(async (vm) => parseCloudConfig(await validUserData(clients, vm))));
    built.set(run.stack, { run, stack, masters, agents, masterData, agentData });
  }));
}, 180_000);

afterAll(async () => {
  clients?.close();
  await svc?.stop();
});

const ipOf = (vm: SimVm): string => vm.nic[0].ipaddress;

/** Debian's haproxy (.ci/run installs it) checks the rendered configuration as it would at start. */
async function checkHaproxyConfig(cfg: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'csf-haproxy-'));
  try {
    await writeFile(join(dir, 'haproxy.cfg'), cfg);
    await new Promise<void>((resolve, reject) => {
      execFile('haproxy', ['-c', '-f', join(dir, 'haproxy.cfg')], { timeout: 30_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`haproxy -c refused the configuration: ${stderr || stdout || err.message}`));
        else resolve();
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
const quorumFor = (masters: number): number => Math.floor(masters / 2) + 1;

describe.each(RUNS.map((run) => [run.stack, run] as const))('examples/mesos-cluster.yaml: %s', (name, run) => {
  const get = (): Built => {
    const b = built.get(name);
    if (!b) throw new Error(`stack ${name} was not built`);
    return b;
  };

  it('deploys the requested masters and agents, running, every user data valid cloud-config', () => {
    const { masters, agents, masterData, agentData, stack } = get();
    expect(masters.map((vm) => vm.name)).toEqual(Array.from({ length: run.masters }, (_, i) => `${run.cluster}-master-${i + 1}`));
    expect(agents.map((vm) => vm.name)).toEqual(Array.from({ length: run.agents }, (_, i) => `${run.cluster}-agent-${i + 1}`));
    expect([...masters, ...agents].every((vm) => vm.state === 'Running')).toBe(true);
    // validUserData already ran `cloud-init schema` on each; here: one parsed config per VM.
    expect(masterData).toHaveLength(run.masters);
    expect(agentData).toHaveLength(run.agents);
    expect(masterData.every((c) => c.manage_etc_hosts === false)).toBe(true);
    console.log(`${name}: CREATE_COMPLETE in ${stack.seconds.toFixed(1)} s`);
  });

  it('outputs the URLs, the ZooKeeper connect string and the IPs the simulator reports', async () => {
    const { masters, agents, stack } = get();
    const masterIps = masters.map(ipOf);
    const zk = masterIps.map((ip) => `${ip}:2181`).join(',');
    const entry = run.zone === 'zone-sg' ? masterIps[0] : stack.outputs.PublicIp;
    expect(entry).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const expected: Record<string, string> = {
      MesosUrl: `http://${entry}:5050`,
      MarathonUrl: `http://${entry}:8080`,
      ZooKeeperConnect: zk,
      MesosZkUrl: `zk://${zk}/mesos`,
      MasterIps: masterIps.join(','),
      AgentIps: agents.map(ipOf).join(','),
    };
    if (run.chronos) expected.ChronosUrl = `http://${entry}:4400`;
    if (run.marathonLb) expected.AppsUrl = run.zone === 'zone-sg' ? `http://${ipOf(agents[0])}` : `http://${entry}`;
    if (run.zone === 'zone-advanced') {
      expected.PublicIp = entry;
      const ips = await clients.as('alice').listAll<{ ipaddress: string; associatednetworkid: string }>('listPublicIpAddresses', { ipaddress: entry }, 'publicipaddress');
      expect(ips.map((ip) => ip.associatednetworkid)).toEqual([masters[0].nic[0].networkid]);
    }
    expect(stack.outputs).toEqual(expected);
    expect(JSON.stringify(stack.outputs)).not.toContain('/signal/');
    // FrameworkSecret is NoEcho: it is in the masters' user data, never in outputs or events.
    if (run.frameworkSecret) {
      expect(JSON.stringify(stack.outputs)).not.toContain(run.frameworkSecret);
      expect(JSON.stringify(await stackEvents(svc, 'alice', stack.id))).not.toContain(run.frameworkSecret);
    }
  });

  it('gives each master its ZooKeeper myid and the same ordered ensemble', async () => {
    const { masters, masterData } = get();
    const ips = masters.map(ipOf);
    const zooCfg = [
      'tickTime=2000', 'initLimit=10', 'syncLimit=5', 'dataDir=/var/lib/zookeeper', 'clientPort=2181', 'admin.enableServer=false',
      ...ips.map((ip, i) => `server.${i + 1}=${ip}:2888:3888`),
    ].join('\n') + '\n';
    for (const [i, config] of masterData.entries()) {
      const tree = await runScript('bash', fileIn(config, '/usr/local/sbin/mesos-master-configure'));
      try {
        expect(await tree.read('etc/zookeeper/conf/myid')).toBe(`${i + 1}\n`);
        expect(await tree.read('etc/zookeeper/conf/zoo.cfg')).toBe(zooCfg);
      } finally {
        await tree.cleanup();
      }
    }
  });

  it('sends the Mesos UI to the leader: HAProxy on each master checks every master\'s /master/state (haproxy -c accepts it)', async () => {
    const { masters, masterData } = get();
    const servers = masters.map((vm, i) => `  server master${i + 1} ${ipOf(vm)}:5050 check inter 5s`);
    for (const config of masterData) {
      const tree = await runScript('bash', fileIn(config, '/usr/local/sbin/mesos-master-configure'));
      try {
        const cfg = (await tree.read('etc/haproxy/haproxy.cfg'))!;
        expect(cfg).toBe([
          'defaults', '  mode http', '  timeout connect 5s', '  timeout client 60s', '  timeout server 60s',
          'listen mesos-ui', '  bind :5080', '  option httpchk GET /master/state', '  http-check expect status 200', ...servers,
        ].join('\n') + '\n');
        await checkHaproxyConfig(cfg);
      } finally {
        await tree.cleanup();
      }
    }
  });

  it('starts mesos-master, Marathon and (when enabled) Chronos with the cluster flags', async () => {
    const { masters, masterData } = get();
    const ips = masters.map(ipOf);
    const hosts = ips.map((ip) => `${ip}:2181`).join(',');
    for (const [i, config] of masterData.entries()) {
      const ip = ips[i];
      const tree = await runScript('bash', fileIn(config, '/usr/local/sbin/mesos-master-configure'));
      try {
        // With FrameworkSecret the masters take only authenticated frameworks, and both
        // frameworks authenticate; the secret files hold the secret without a newline.
        const secret = run.frameworkSecret;
        const auth = {
          master: secret ? ' --authenticate_frameworks --credentials=/etc/mesos/credentials' : '',
          marathon: secret ? ' --mesos_authentication --mesos_authentication_principal marathon --mesos_authentication_secret_file /etc/marathon/secret' : '',
          chronos: secret ? ' --mesos_authentication_principal chronos --mesos_authentication_secret_file /etc/chronos/secret' : '',
        };
        expect(await tree.read('etc/mesos/credentials')).toBe(secret ? `${JSON.stringify({ credentials: [{ principal: 'marathon', secret }, { principal: 'chronos', secret }] })}\n` : undefined);
        expect(await tree.read('etc/marathon/secret')).toBe(secret);
        expect(await tree.read('etc/chronos/secret')).toBe(secret);
        const master = (await tree.read('etc/systemd/system/mesos-master.service'))!;
        expect(directive(master, 'ExecStart')).toEqual([
          `/usr/sbin/mesos-master --zk=zk://${hosts}/mesos --quorum=${quorumFor(run.masters)} --ip=${ip} --hostname=${ip} --cluster=${run.cluster} --work_dir=/var/lib/mesos --log_dir=/var/log/mesos${auth.master}`,
        ]);
        const marathon = (await tree.read('etc/systemd/system/marathon.service'))!;
        expect(directive(marathon, 'ExecStart')).toEqual([
          `/usr/share/marathon/bin/marathon --master zk://${hosts}/mesos --zk zk://${hosts}/marathon --hostname ${ip} --http_port 8080${auth.marathon}`,
        ]);
        expect(directive(marathon, 'Environment')).toEqual([`MESOS_NATIVE_JAVA_LIBRARY=/usr/lib/libmesos.so LIBPROCESS_IP=${ip} LIBPROCESS_PORT=5052`]);
        const chronos = await tree.read('etc/systemd/system/chronos.service');
        if (run.chronos) {
          expect(directive(chronos!, 'ExecStart')).toEqual([
            `/usr/bin/java -jar /usr/share/chronos/chronos.jar --master zk://${hosts}/mesos --zk_hosts ${hosts} --hostname ${ip} --http_port 4400${auth.chronos}`,
          ]);
        } else {
          expect(chronos).toBeUndefined();
        }
        // Marathon-LB used to be a Marathon app that the first master submitted with
        // `instances: AgentCount`, which made every AgentCount change a new user data for the
        // masters (a replacement of the ensemble). It now runs on the agents (below): nothing
        // on a master mentions it.
        expect(await tree.read('etc/mesos-cluster/marathon-lb.json')).toBeUndefined();
        expect(JSON.stringify(config)).not.toMatch(/marathon-lb/i);
      } finally {
        await tree.cleanup();
      }
      const chronosStart = run.chronos ? [['systemctl', 'enable', '--now', 'chronos']] : [];
      expect(config.runcmd).toEqual([
        ['sh', '/usr/local/sbin/pin-hostname-to-private-ip'],
        ['bash', '/usr/local/sbin/mesos-master-configure'],
        ['systemctl', 'daemon-reload'],
        ['systemctl', 'enable', 'zookeeper', 'mesos-master', 'marathon', 'haproxy'],
        ['systemctl', 'restart', 'zookeeper', 'mesos-master', 'marathon', 'haproxy'],
        ...chronosStart,
        ['bash', '/usr/local/sbin/mesos-master-ready'],
      ]);
    }
  });

  it('maps every VM\'s hostname to its private IP instead of 127.0.1.1', async () => {
    const { masters, agents, masterData, agentData } = get();
    const vms = [...masters.map((vm, i) => [vm, masterData[i]] as const), ...agents.map((vm, i) => [vm, agentData[i]] as const)];
    for (const [vm, config] of vms) {
      const tree = await runScript('sh', fileIn(config, '/usr/local/sbin/pin-hostname-to-private-ip'), {
        'etc/hosts': `127.0.0.1 localhost\n127.0.1.1 ${vm.name}.cs.internal ${vm.name}\n::1 ip6-localhost\n`,
      });
      try {
        expect(await tree.read('etc/hosts')).toBe(`127.0.0.1 localhost\n::1 ip6-localhost\n${ipOf(vm)} ${hostname()}\n`);
      } finally {
        await tree.cleanup();
      }
    }
  });

  it('points every agent at all masters, with Docker started before it', () => {
    const { masters, agents, agentData } = get();
    const zk = masters.map((vm) => `${ipOf(vm)}:2181`).join(',');
    for (const [i, config] of agentData.entries()) {
      const ip = ipOf(agents[i]);
      const unit = fileIn(config, '/etc/systemd/system/mesos-agent.service');
      // No --resources: with Marathon-LB outside Mesos, the agent must not offer its ports 80,
      // 443 and 9090 to tasks (it used to, when Marathon-LB was a Mesos task that needed them).
      expect(directive(unit, 'ExecStart')).toEqual([
        `/usr/sbin/mesos-agent --master=zk://${zk}/mesos --containerizers=docker,mesos --work_dir=/var/lib/mesos --executor_registration_timeout=5mins --ip=${ip} --hostname=${ip} --log_dir=/var/log/mesos`,
      ]);
      expect(directive(unit, 'Requires')).toEqual(['docker.service']);
      expect(directive(unit, 'After')).toEqual(['network-online.target docker.service']);
      expect(config.runcmd).toEqual([
        ['sh', '/usr/local/sbin/pin-hostname-to-private-ip'],
        ['systemctl', 'daemon-reload'],
        ['systemctl', 'enable', '--now', 'docker'],
        ['systemctl', 'enable', '--now', 'mesos-agent'],
        ...(run.marathonLb ? [['systemctl', 'enable', '--now', 'marathon-lb']] : []),
        ['bash', '/usr/local/sbin/mesos-agent-ready'],
      ]);
    }
  });

  it('runs Marathon-LB (when enabled) on every agent, pointed at every master\'s Marathon', () => {
    const { masters, agentData } = get();
    const marathons = masters.map((vm) => `http://${ipOf(vm)}:8080`).join(' ');
    for (const config of agentData) {
      const paths = (config.write_files ?? []).map((f) => f.path);
      if (!run.marathonLb) {
        expect(paths).not.toContain('/etc/systemd/system/marathon-lb.service');
        continue;
      }
      const unit = fileIn(config, '/etc/systemd/system/marathon-lb.service');
      expect(directive(unit, 'ExecStart')).toEqual([
        `/usr/bin/docker run --rm --name marathon-lb --network host --privileged -e PORTS=80,443,9090 mesosphere/marathon-lb:v1.15.0 sse --group external --marathon ${marathons}`,
      ]);
      expect(directive(unit, 'ExecStartPre')).toEqual(['-/usr/bin/docker rm -f marathon-lb']);
      expect(directive(unit, 'Requires')).toEqual(['docker.service']);
      expect(directive(unit, 'After')).toEqual(['network-online.target docker.service']);
      expect(directive(unit, 'Restart')).toEqual(['always']);
      expect(directive(unit, 'WantedBy')).toEqual(['multi-user.target']);
    }
  });

  it('signals the wait conditions once per master and per agent, after the services answer', async () => {
    const { stack, masters, agents, masterData, agentData } = get();
    const rows = await stackResources(svc, 'alice', stack.id);
    expect(rows.filter((r) => ['MastersReady', 'AgentsReady'].includes(r.logicalid)).map((r) => `${r.logicalid}:${r.status}`).sort())
      .toEqual(['AgentsReady:CREATE_COMPLETE', 'MastersReady:CREATE_COMPLETE']);
    for (const [i, config] of masterData.entries()) {
      const lines = fileIn(config, '/usr/local/sbin/mesos-master-ready').split('\n');
      const signal = lines.findIndex((l) => l.includes('"Status":"SUCCESS"'));
      expect(lines[signal]).toContain(`'{"Status":"SUCCESS","UniqueId":"master-${i + 1}","Data":"${ipOf(masters[i])}","Reason":"ZooKeeper, Mesos master and Marathon are up"}'`);
      expect(lines[signal]).toMatch(/ '(http:\/\/127\.0\.0\.1:\d+\/signal\/[^']+)'$/);
      // The health checks (Chronos's only when it runs) come first. (The Marathon-LB app's
      // submission used to be one of them; Marathon-LB now runs on the agents.)
      const waits = lines.slice(0, signal).filter((l) => l.trim().startsWith('until curl'));
      expect(waits.map((l) => /'(http[^']+)'/.exec(l)![1].replace(ipOf(masters[i]), 'IP'))).toEqual([
        'http://IP:5050/master/health', 'http://IP:5050/master/redirect', 'http://IP:8080/ping', 'http://IP:5050/master/frameworks', 'http://IP:4400/', 'http://IP:8123/v1/hosts/leader.mesos',
      ]);
      expect(lines).toContain(`if [ '${run.chronos}' = true ]; then`);
    }
    for (const [i, config] of agentData.entries()) {
      const lines = fileIn(config, '/usr/local/sbin/mesos-agent-ready').split('\n');
      const signal = lines.findIndex((l) => l.includes('"Status":"SUCCESS"'));
      expect(lines[signal]).toContain(`'{"Status":"SUCCESS","UniqueId":"agent-${i + 1}","Data":"${ipOf(agents[i])}","Reason":"mesos-agent is up"}'`);
      expect(lines[signal]).toMatch(/ '(http:\/\/127\.0\.0\.1:\d+\/signal\/[^']+)'$/);
      // The agent's health, then (when it runs there) Marathon-LB's HAProxy, before the signal.
      const waits = lines.slice(0, signal).filter((l) => l.trim().startsWith('until curl'));
      expect(waits.map((l) => /'(http[^']+)'/.exec(l)![1].replace(ipOf(agents[i]), 'IP'))).toEqual([
        'http://IP:5051/slave(1)/health', 'http://IP:5051/metrics/snapshot', 'http://IP:9090/_haproxy_health_check',
      ]);
      expect(lines).toContain(`if [ '${run.marathonLb}' = true ]; then`);
    }
  });

  it('installs the packages at boot only when a repository is given', () => {
    const { masterData, agentData } = get();
    for (const config of masterData) {
      if (!run.repository) {
        expect([config.apt, config.packages]).toEqual([undefined, undefined]);
        continue;
      }
      expect(config.apt).toEqual({ sources: { 'mesos-cluster.list': { source: run.repository, ...(run.repositoryKey ? { keyid: run.repositoryKey } : {}) } } });
      expect(config.packages).toEqual(['openjdk-11-jre-headless', 'zookeeperd', 'mesos', 'marathon', 'haproxy', ...(run.chronos ? ['chronos'] : [])]);
    }
    for (const config of agentData) {
      expect(config.packages).toEqual(run.repository ? ['docker.io', 'mesos'] : undefined);
    }
  });

  if (run.keyPair) {
    it('gives every VM the key pair', () => {
      const { masters, agents } = get();
      expect([...masters, ...agents].map((vm) => vm.keypairs)).toEqual(Array(run.masters + run.agents).fill(run.keyPair));
    });
  }

  if (run.zone === 'zone-advanced') {
    it('publishes the UIs on the public IP to AdminCidr only, through load-balancer rules over the masters', async () => {
      const { stack, masters, agents } = get();
      const api = clients.as('alice');
      const [ip] = await api.listAll<{ id: string }>('listPublicIpAddresses', { ipaddress: stack.outputs.PublicIp }, 'publicipaddress');
      const rules = await api.listAll<{ id: string; publicport: string; privateport: string; algorithm: string }>('listLoadBalancerRules', { publicipid: ip.id }, 'loadbalancerrule');
      const members = async (ruleId: string) =>
        (await api.listAll<{ id: string }>('listLoadBalancerRuleInstances', { id: ruleId }, 'loadbalancerruleinstance')).map((vm) => vm.id).sort();
      const seen = await Promise.all(rules.map(async (r) => ({ port: `${r.publicport}->${r.privateport}`, algorithm: r.algorithm, members: await members(r.id) })));
      const masterIds = masters.map((vm) => vm.id).sort();
      const expected = [
        // The Mesos UI goes to HAProxy on 5080, which forwards to the leading master.
        { port: '5050->5080', algorithm: 'source', members: masterIds },
        { port: '8080->8080', algorithm: 'source', members: masterIds },
        ...(run.chronos ? [{ port: '4400->4400', algorithm: 'source', members: masterIds }] : []),
        ...(run.marathonLb ? [{ port: '80->80', algorithm: 'roundrobin', members: agents.map((vm) => vm.id).sort() }] : []),
      ];
      const byPort = (a: { port: string }, b: { port: string }) => a.port.localeCompare(b.port);
      expect(seen.sort(byPort)).toEqual(expected.sort(byPort));
      const firewall = await api.listAll<{ startport: string; endport: string; cidrlist: string }>('listFirewallRules', { ipaddressid: ip.id }, 'firewallrule');
      expect(firewall.map((r) => `${r.startport}-${r.endport} ${r.cidrlist}`).sort()).toEqual([
        `5050-5050 ${ADMIN_CIDR}`, `8080-8080 ${ADMIN_CIDR}`,
        ...(run.chronos ? [`4400-4400 ${ADMIN_CIDR}`] : []),
        ...(run.marathonLb ? ['80-80 0.0.0.0/0'] : []),
      ].sort());
      // All cluster VMs share the isolated network, inside which every port is open.
      expect(new Set([...masters, ...agents].map((vm) => vm.nic[0].networkid)).size).toBe(1);
      // Its guest range is a /22 that holds the largest cluster, not CloudStack's default /24.
      const [network] = await api.listAll<{ cidr: string; gateway: string }>('listNetworks', { id: masters[0].nic[0].networkid }, 'network');
      expect(network).toMatchObject({ cidr: '10.1.0.0/22', gateway: '10.1.0.1' });
    });
  } else {
    it('puts every VM in one security group open to itself on the cluster ports and to AdminCidr on the UIs', async () => {
      const { masters, agents } = get();
      const groupName = `${run.stack}-mesos`;
      const [group] = await clients.as('alice').listAll<{ name: string; ingressrule: Array<{ protocol: string; startport: number; endport: number; cidr?: string; securitygroupname?: string }> }>(
        'listSecurityGroups', { securitygroupname: groupName }, 'securitygroup');
      const rules = group.ingressrule.map((r) => `${r.protocol} ${r.startport}-${r.endport} from ${r.securitygroupname ?? r.cidr}`).sort();
      expect(rules).toEqual([
        `tcp 2181-2181 from ${groupName}`, `tcp 2888-2888 from ${groupName}`, `tcp 3888-3888 from ${groupName}`,
        `tcp 5050-5050 from ${groupName}`, `tcp 5051-5051 from ${groupName}`, `tcp 5052-5053 from ${groupName}`,
        `tcp 8080-8080 from ${groupName}`, `tcp 4400-4400 from ${groupName}`, `tcp 31000-32000 from ${groupName}`,
        `tcp 5050-5050 from ${ADMIN_CIDR}`, `tcp 8080-8080 from ${ADMIN_CIDR}`, `tcp 4400-4400 from ${ADMIN_CIDR}`,
        `tcp 22-22 from ${ADMIN_CIDR}`, 'tcp 80-80 from 0.0.0.0/0',
      ].sort());
      expect([...masters, ...agents].map((vm) => (vm.securitygroup ?? []).map((g) => g.name))).toEqual(Array(run.masters + run.agents).fill([groupName]));
      // No public IP, network or rules on one: the zone's shared network carries the cluster.
      const stackRows = await stackResources(svc, 'alice', get().stack.id);
      expect(stackRows.map((r) => r.type).filter((t) => !/VirtualMachineGroup|SecurityGroup|WaitCondition/.test(t))).toEqual([]);
    });
  }
});
