import { CloudStackClient } from '../../src/client';
import { stacksExtension, type StacksOptions } from '../../src/runtime/stacks-extension';
import { startTestService, type TestService } from './service';

/** Waits until the service's async job is no longer pending and returns queryAsyncJobResult's answer. */
export async function waitForJob(svc: TestService, user: string, jobid: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await svc.call(user, { command: 'queryAsyncJobResult', jobid, response: 'json' });
    const job = answer.json!.queryasyncjobresultresponse;
    if (job.jobstatus !== 0) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobid} still pending`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface StackEventView {
  logicalid: string;
  physicalid?: string;
  resourcetype: string;
  status: string;
  statusreason?: string;
}

export interface StackResourceView {
  logicalid: string;
  physicalid?: string;
  type: string;
  status: string;
  statusreason?: string;
}

/** Submits createStack; returns the stack id and job id (throws on anything but 200). */
export async function createStack(
  svc: TestService,
  user: string,
  name: string,
  template: string | object,
  extra: Record<string, string> = {},
): Promise<{ id: string; jobid: string }> {
  const templatebody = typeof template === 'string' ? template : JSON.stringify(template);
  const answer = await svc.call(user, { command: 'createStack', response: 'json', name, templatebody, ...extra }, { method: 'POST' });
  if (answer.status !== 200) throw new Error(`createStack ${name} answered ${answer.status}: ${answer.text}`);
  return answer.json!.createstackresponse;
}

/** Submits updateStack (POST) and waits for its job; returns queryAsyncJobResult's answer (throws on anything but 200). */
export async function updateStack(svc: TestService, user: string, id: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  const answer = await svc.call(user, { command: 'updateStack', response: 'json', id, ...params }, { method: 'POST' });
  if (answer.status !== 200) throw new Error(`updateStack ${id} answered ${answer.status}: ${answer.text}`);
  return waitForJob(svc, user, answer.json!.updatestackresponse.jobid);
}

export async function deleteStack(svc: TestService, user: string, id: string): Promise<Record<string, unknown>> {
  const answer = await svc.call(user, { command: 'deleteStack', id, response: 'json' });
  if (answer.status !== 200) throw new Error(`deleteStack ${id} answered ${answer.status}: ${answer.text}`);
  return waitForJob(svc, user, answer.json!.deletestackresponse.jobid);
}

export async function stackEvents(svc: TestService, user: string, stackid: string): Promise<StackEventView[]> {
  const answer = await svc.call(user, { command: 'listStackEvents', stackid, response: 'json' });
  return (answer.json!.liststackeventsresponse.stackevent ?? []) as StackEventView[];
}

export async function stackResources(svc: TestService, user: string, stackid: string): Promise<StackResourceView[]> {
  const answer = await svc.call(user, { command: 'listStackResources', stackid, response: 'json' });
  return (answer.json!.liststackresourcesresponse.stackresource ?? []) as StackResourceView[];
}

/** The stack as listStacks shows it (listall so that admins find it too); undefined when not listed. */
export async function getStack(svc: TestService, user: string, id: string): Promise<Record<string, any> | undefined> {
  const answer = await svc.call(user, { command: 'listStacks', id, listall: 'true', response: 'json' });
  return (answer.json!.liststacksresponse.stack ?? [])[0];
}

/** Polls until the stack shows one of the statuses (or the resource shows `resourceStatus`). */
export async function waitForStackStatus(svc: TestService, user: string, id: string, statuses: string[], timeoutMs = 30_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stack = await getStack(svc, user, id);
    if (stack && statuses.includes(stack.status)) return stack;
    if (Date.now() > deadline) throw new Error(`stack ${id} is ${stack?.status}, not ${statuses.join('|')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function waitForResourceStatus(svc: TestService, user: string, stackid: string, logicalId: string, status: string, timeoutMs = 30_000): Promise<StackResourceView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = (await stackResources(svc, user, stackid)).find((r) => r.logicalid === logicalId);
    if (row?.status === status) return row;
    if (Date.now() > deadline) throw new Error(`resource ${logicalId} is ${row?.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Signed clients straight to the simulator, closed with `close()`. */
export class SimulatorClients {
  private readonly clients = new Map<string, CloudStackClient>();

  constructor(private readonly svc: TestService) {}

  as(user: string): CloudStackClient {
    let client = this.clients.get(user);
    if (!client) {
      const creds = this.svc.users[user];
      client = new CloudStackClient({ url: this.svc.simulator.url, apiKey: creds.apikey, secretKey: creds.secretkey });
      this.clients.set(user, client);
    }
    return client;
  }

  /** configureSimulator as the root admin, e.g. `{ 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': 1 }`. */
  async configure(params: Record<string, string | number | boolean>): Promise<void> {
    await this.as('admin').request('configureSimulator', params);
  }

  /** Clears fail rates and per-command latencies, HTTP errors and throttling. */
  async resetFaults(): Promise<void> {
    await this.configure({ reset: true, httperrorrate: 0, throttle: 0 });
  }

  /**
   * What the user's account holds in the simulator, as sorted "kind:id" strings: VMs not being
   * destroyed, public IPs other than the network's source NAT, security groups, key pairs,
   * load balancer / port forwarding / firewall rules and volumes.
   */
  async inventory(user: string): Promise<string[]> {
    const api = this.as(user);
    const out: string[] = [];
    const add = (kind: string, items: Array<{ id?: string; name?: string }>) => out.push(...items.map((i) => `${kind}:${i.id ?? i.name}`));
    const vms = await api.listAll<{ id: string; state: string }>('listVirtualMachines', {}, 'virtualmachine');
    add('vm', vms.filter((vm) => vm.state !== 'Destroyed' && vm.state !== 'Expunging'));
    const ips = await api.listAll<{ id: string; issourcenat?: boolean }>('listPublicIpAddresses', {}, 'publicipaddress');
    add('ip', ips.filter((ip) => !ip.issourcenat));
    add('sg', await api.listAll('listSecurityGroups', {}, 'securitygroup'));
    add('key', await api.listAll<{ name: string }>('listSSHKeyPairs', {}, 'sshkeypair'));
    add('lb', await api.listAll('listLoadBalancerRules', {}, 'loadbalancerrule'));
    add('pf', await api.listAll('listPortForwardingRules', {}, 'portforwardingrule'));
    add('fw', await api.listAll('listFirewallRules', {}, 'firewallrule'));
    add('vol', await api.listAll('listVolumes', {}, 'volume'));
    return out.sort();
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}

export interface StackTestEnvironment {
  svc: TestService;
  sim: SimulatorClients;
}

/**
 * Registers the lifecycle every stack test file shares: the service with the stack engine on
 * this file's database and queue, simulator clients, and no injected fault outliving its test.
 * The returned object is filled in by beforeAll.
 */
export function useStackTestEnvironment(options: StacksOptions = {}): StackTestEnvironment {
  const env = {} as StackTestEnvironment;
  beforeAll(async () => {
    env.svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100, ...options })] });
    env.sim = new SimulatorClients(env.svc);
  }, 60_000);
  afterEach(async () => {
    await env.sim?.resetFaults();
  });
  afterAll(async () => {
    env.sim?.close();
    await env.svc?.stop();
  });
  return env;
}
