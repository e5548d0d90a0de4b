import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startTestService, TestService } from '../../support/service';
import { runPhpPage } from '../../support/php';
import { SimulatorClients, stackEvents, stackResources } from '../../support/stacks';
import { buildStack, BuiltStack, CloudConfig, fileIn, membersNamed, parseCloudConfig, readExample, runScript, SimVm, validUserData } from './example-stacks';

/**
 * examples/lamp.yaml built through the service on the simulator: 2 and 3 web servers in an
 * isolated-network zone, 2 in a security-group zone. User data is read back from the simulator and
 * validated by cloud-init; the database's firewall and account scripts are run against stand-in
 * iptables and mysql commands to check whom they admit.
 */

const PASSWORD = 'Str0ngPassw0rdX';

interface Run { stack: string; web: number; zone: 'zone-advanced' | 'zone-sg' }
const RUNS: Run[] = [
  { stack: 'lamp-two', web: 2, zone: 'zone-advanced' },
  { stack: 'lamp-three', web: 3, zone: 'zone-advanced' },
  { stack: 'lamp-sg', web: 2, zone: 'zone-sg' },
];

interface Built { stack: BuiltStack; web: SimVm[]; db: SimVm; webData: CloudConfig[]; dbData: CloudConfig }

let svc: TestService;
let clients: SimulatorClients;
const built = new Map<string, Built>();

beforeAll(async () => {
  svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
  clients = new SimulatorClients(svc);
  const template = await readExample('lamp.yaml');
  await Promise.all(RUNS.map(async (run) => {
    const stack = await buildStack(svc, run.stack, template, {
      WebCount: String(run.web), Zone: run.zone, ZoneKind: run.zone === 'zone-sg' ? 'securitygroup' : 'isolated', DbPassword: PASSWORD, DbOffering: 'Small Instance',
    });
    const web = await membersNamed(clients, `${run.stack}-web`);
    const vms = await clients.as('alice').listAll<SimVm>('listVirtualMachines', { name: `${run.stack}-db` }, 'virtualmachine');
    const db = vms.filter((vm) => vm.name === `${run.stack}-db`);
    if (db.length !== 1) throw new Error(`expected one ${run.stack}-db VM, found ${db.length}`);
    const webData = await Promise.all(web.map(async (vm) => parseCloudConfig(await validUserData(clients, vm))));
    const dbData = parseCloudConfig(await validUserData(clients, db[0]));
    built.set(run.stack, { stack, web, db: db[0], webData, dbData });
  }));
}, 120_000);

afterAll(async () => {
  clients?.close();
  await svc?.stop();
});

const ipOf = (vm: SimVm): string => vm.nic[0].ipaddress;

describe.each(RUNS.map((run) => [run.stack, run] as const))('examples/lamp.yaml: %s', (name, run) => {
  const get = (): Built => {
    const b = built.get(name);
    if (!b) throw new Error(`stack ${name} was not built`);
    return b;
  };

  it('builds the web servers and the database, waits for both, and outputs the site URL', async () => {
    const { stack, web, db } = get();
    console.log(`${name}: CREATE_COMPLETE in ${stack.seconds.toFixed(1)} s`);
    expect(web.map((vm) => vm.name)).toEqual(Array.from({ length: run.web }, (_, i) => `${name}-web-${i + 1}`));
    expect([...web, db].every((vm) => vm.state === 'Running')).toBe(true);
    const entry = run.zone === 'zone-sg' ? ipOf(web[0]) : stack.outputs.PublicIp;
    expect(entry).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(stack.outputs).toEqual({
      SiteUrl: `http://${entry}/`,
      WebIps: web.map(ipOf).join(','),
      DbHost: `${name}-db (${ipOf(db)})`,
      ...(run.zone === 'zone-advanced' ? { PublicIp: entry } : {}),
    });
    const rows = await stackResources(svc, 'alice', stack.id);
    expect(rows.filter((r) => r.type === 'AWS::CloudFormation::WaitCondition').map((r) => `${r.logicalid}:${r.status}`).sort())
      .toEqual(['DbReady:CREATE_COMPLETE', 'WebReady:CREATE_COMPLETE']);
    const everything = JSON.stringify([stack.outputs, await stackEvents(svc, 'alice', stack.id), rows]);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain('/signal/');
  });

  it('configures each web server for the database by name, and signals once Apache serves PHP', () => {
    const { web, webData } = get();
    for (const [i, config] of webData.entries()) {
      expect(config.packages).toEqual(['apache2', 'php', 'libapache2-mod-php', 'php-mysql', 'curl']);
      expect(fileIn(config, '/etc/lamp/db.ini')).toBe(`host = ${name}-db\nname = app\nuser = app\npassword = ${PASSWORD}\n`);
      expect(fileIn(config, '/var/www/html/index.php')).toContain(`echo 'web ${i + 1} (${ipOf(web[i])}): database '`);
      const ready = fileIn(config, '/usr/local/sbin/lamp-web-ready').split('\n').filter((line) => !line.startsWith('#'));
      // A page that hangs cannot hold the check: curl gives up on it after 10 s and tries again.
      expect(ready[0]).toBe(`until curl -fsS --max-time 10 -o /dev/null 'http://${ipOf(web[i])}/index.php'; do sleep 5; done`);
      expect(ready[1]).toContain(`'{"Status":"SUCCESS","UniqueId":"web-${i + 1}","Data":"${ipOf(web[i])}","Reason":"Apache serves PHP"}'`);
      expect(ready[1]).toMatch(/ 'http:\/\/127\.0\.0\.1:\d+\/signal\/[^']+'$/);
      expect(config.runcmd).toEqual([['rm', '-f', '/var/www/html/index.html'], ['systemctl', 'restart', 'apache2'], ['sh', '/usr/local/sbin/lamp-web-ready']]);
    }
  });

  // PHP 8.1+ (Ubuntu 22.04) mysqli throws instead of setting connect_errno: the old page died
  // with an uncaught exception (HTTP 500), after the default timeouts when the database did not answer.
  it('serves its own message on PHP 8 when the database is not there, and within seconds when it does not answer', async () => {
    const { web, webData } = get();
    const page = fileIn(webData[0], '/var/www/html/index.php');
    expect(page).toContain('mysqli_report(MYSQLI_REPORT_OFF);');
    expect(page).toContain('MYSQLI_OPT_CONNECT_TIMEOUT, 3');
    const message = `web 1 (${ipOf(web[0])}): database unreachable\n`;
    // The database's name does not resolve here, as before the database VM exists.
    const ini = fileIn(webData[0], '/etc/lamp/db.ini');
    expect(await runPhpPage(page, { '/etc/lamp/db.ini': ini })).toEqual({ stdout: message, stderr: '', code: 0 });
    // A server that accepts and never greets (a database still starting, a half-open filter).
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((silent.address() as AddressInfo).port);
      const toSilent = ini.replace(/^host = .*$/m, 'host = 127.0.0.1');
      expect(await runPhpPage(page, { '/etc/lamp/db.ini': toSilent }, { 'mysqli.default_port': port }, 20_000)).toEqual({ stdout: message, stderr: '', code: 0 });
    } finally {
      silent.close();
    }
  }, 30_000);

  it('admits only the web servers to MySQL: iptables on the database, one account per web IP', async () => {
    const { web, dbData } = get();
    const ips = web.map(ipOf);
    const iptables = '#!/bin/sh\necho "$*" >> "$DESTDIR/iptables.log"\ncase "$1" in -C) exit 1;; esac\nexit 0\n';
    const firewall = await runScript('sh', fileIn(dbData, '/usr/local/sbin/lamp-db-firewall'), { 'bin/iptables': iptables });
    try {
      expect((await firewall.read('iptables.log'))!.trim().split('\n')).toEqual([
        '-N LAMP-MYSQL',
        ...ips.map((ip) => `-A LAMP-MYSQL -s ${ip} -p tcp --dport 3306 -j ACCEPT`),
        '-A LAMP-MYSQL -p tcp --dport 3306 -j DROP',
        '-C INPUT -p tcp --dport 3306 -j LAMP-MYSQL',
        '-I INPUT -p tcp --dport 3306 -j LAMP-MYSQL',
      ]);
    } finally {
      await firewall.cleanup();
    }
    const setup = await runScript('sh', fileIn(dbData, '/usr/local/sbin/lamp-db-setup'), { 'bin/mysql': '#!/bin/sh\ncat > "$DESTDIR/statements.sql"\n' });
    try {
      expect(await setup.read('statements.sql')).toBe([
        'CREATE DATABASE IF NOT EXISTS `app`;',
        ...ips.flatMap((ip) => [`CREATE USER IF NOT EXISTS 'app'@'${ip}' IDENTIFIED BY '${PASSWORD}';`, `GRANT ALL PRIVILEGES ON \`app\`.* TO 'app'@'${ip}';`]),
      ].join('\n') + '\n');
    } finally {
      await setup.cleanup();
    }
    expect(fileIn(dbData, '/etc/systemd/system/lamp-db-firewall.service')).toContain('Before=mariadb.service\n');
    expect(dbData.runcmd).toEqual([
      ['systemctl', 'daemon-reload'], ['systemctl', 'enable', '--now', 'lamp-db-firewall'], ['systemctl', 'restart', 'mariadb'],
      ['sh', '/usr/local/sbin/lamp-db-setup'], ['sh', '/usr/local/sbin/lamp-db-ready'],
    ]);
    expect(fileIn(dbData, '/usr/local/sbin/lamp-db-ready')).toMatch(/'\{"Status":"SUCCESS","UniqueId":"db","Data":"app","Reason":"MariaDB is up"\}' 'http:\/\/127\.0\.0\.1:\d+\/signal\/[^']+'\n$/);
  });

  if (run.zone === 'zone-advanced') {
    it('balances port 80 of the public IP over every web server, open to SiteCidr, all on one isolated network', async () => {
      const { stack, web, db } = get();
      const api = clients.as('alice');
      const [ip] = await api.listAll<{ id: string }>('listPublicIpAddresses', { ipaddress: stack.outputs.PublicIp }, 'publicipaddress');
      const rules = await api.listAll<{ id: string; publicport: string; privateport: string; algorithm: string }>('listLoadBalancerRules', { publicipid: ip.id }, 'loadbalancerrule');
      expect(rules.map((r) => `${r.publicport}->${r.privateport} ${r.algorithm}`)).toEqual(['80->80 roundrobin']);
      const members = await api.listAll<{ id: string }>('listLoadBalancerRuleInstances', { id: rules[0].id }, 'loadbalancerruleinstance');
      expect(members.map((vm) => vm.id).sort()).toEqual(web.map((vm) => vm.id).sort());
      const firewall = await api.listAll<{ startport: string; endport: string; cidrlist: string }>('listFirewallRules', { ipaddressid: ip.id }, 'firewallrule');
      expect(firewall.map((r) => `${r.startport}-${r.endport} ${r.cidrlist}`)).toEqual(['80-80 0.0.0.0/0']);
      expect(new Set([...web, db].map((vm) => vm.nic[0].networkid)).size).toBe(1);
    });
  } else {
    it('puts the database in a group that admits 3306 from the web servers\' group only', async () => {
      const { web, db, stack } = get();
      type Group = { name: string; ingressrule: Array<{ protocol: string; startport: number; endport: number; cidr?: string; securitygroupname?: string }> };
      const groups = await clients.as('alice').listAll<Group>('listSecurityGroups', {}, 'securitygroup');
      const rulesOf = (groupName: string) => groups.find((g) => g.name === groupName)!.ingressrule
        .map((r) => `${r.protocol} ${r.startport}-${r.endport} from ${r.securitygroupname ?? r.cidr}`);
      expect(rulesOf(`${name}-db`)).toEqual([`tcp 3306-3306 from ${name}-web`]);
      expect(rulesOf(`${name}-web`)).toEqual(['tcp 80-80 from 0.0.0.0/0']);
      expect(web.map((vm) => (vm.securitygroup ?? []).map((g) => g.name))).toEqual(Array(run.web).fill([`${name}-web`]));
      expect((db.securitygroup ?? []).map((g) => g.name)).toEqual([`${name}-db`]);
      const rows = await stackResources(svc, 'alice', stack.id);
      expect(rows.filter((r) => /PublicIpAddress|LoadBalancerRule|Network$/.test(r.type))).toEqual([]);
    });
  }
});
