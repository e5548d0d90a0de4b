import { randomUUID } from 'node:crypto';
import type { CloudStackClient } from '../../src/client';
import type { CreateResult, DeploySlots, ReceivedSignal, ResourceContext, ResourceState, ResourceType, SignalRegistry, StackIdentity, UpdateContext } from '../../src/resources/resource-type';
import { applyStatePatch } from '../../src/resources/state-patch';
import { operationAbortController } from '../../src/engine/operation-run';
import { SimulatorHarness } from '../integration/client/simulator-harness';

type Patch = Parameters<ResourceContext['save']>[0];

/**
 * The value a save gives one entry of a metadata map, whether it carries the whole metadata or
 * single entries; undefined when the save does not touch it.
 */
export function savedEntry(patch: Patch, map: string, key: string): unknown {
  const entry = [...(patch.entries ?? [])].reverse().find((change) => change.map === map && change.key === key);
  if (entry) return entry.value;
  return (patch.metadata?.[map] as Record<string, unknown> | undefined)?.[key];
}
type PersistedState = ResourceState & { pendingJobId?: string | null; pendingAction?: string | null };

/** The types tested with this harness use no signals; any use of them is a test failure. */
const unused = (): never => {
  throw new Error('this resource type is not expected to use wait-condition signals');
};
const NO_SIGNALS: SignalRegistry = { urlFor: unused, newToken: unused, received: unused, register: unused, unregister: unused };

/** Signals kept in memory, for the types that use them (wait conditions, VMs with a creation policy). */
export class MemorySignals implements SignalRegistry {
  readonly tokens = new Map<string, string>();
  private readonly signals = new Map<string, ReceivedSignal[]>();
  urlFor = (token: string): string => `http://signals.test/signal/${token}`;
  newToken = (): string => randomUUID().replace(/-/g, '');
  received = async (token: string): Promise<ReceivedSignal[]> => [...(this.signals.get(token) ?? [])];
  register = async (token: string, logicalId: string): Promise<void> => {
    this.tokens.set(token, logicalId);
  };
  unregister = async (token: string): Promise<void> => {
    this.tokens.delete(token);
    this.signals.delete(token);
  };
  /** A VM's signal, as the endpoint would store it. */
  send(token: string, uniqueId: string, status: ReceivedSignal['status'] = 'SUCCESS', data = ''): void {
    this.signals.set(token, [...(this.signals.get(token) ?? []), { uniqueId, status, data, reason: '' }]);
  }
}

/** Top-level property names whose values differ, as the engine computes UpdateContext.changedProperties. */
export function changedPropertyNames(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names.filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
}

/**
 * One resource of a stack, with the state the engine would persist. `save` merges each patch
 * into `state`, as the engine does against the database, so a second run sees what the first saved.
 */
export class HarnessedResource {
  state: PersistedState = { physicalId: null, attributes: {}, metadata: {} };
  readonly saves: Patch[] = [];
  /** The progress events the handler recorded (ctx.progress), oldest first. */
  readonly events: string[] = [];
  /** The CreationPolicy MinSuccessfulMembersPercent the engine would pass, if any. */
  minSuccessfulPercent?: number;
  /** The per-network deploy limit the engine would pass, if any (unbounded without). */
  deploySlots?: DeploySlots;
  /** Where the engine's create phase would collect deferred work (ctx.defer); without it the handler does all its work. */
  deferred?: Array<() => Promise<void>>;
  /** Called on every save after it was applied; a test uses it to simulate a crash. */
  private onSave?: (patch: Patch) => void;

  constructor(
    readonly type: ResourceType,
    readonly api: CloudStackClient,
    readonly stack: StackIdentity,
    readonly logicalId: string,
    public properties: Record<string, unknown>,
    readonly signals: SignalRegistry = NO_SIGNALS,
  ) {}

  context(abort: AbortSignal = operationAbortController().signal): ResourceContext {
    return {
      api: this.api,
      stack: this.stack,
      logicalId: this.logicalId,
      resourceType: this.type.schema.typeName,
      properties: this.properties,
      state: this.state,
      abort,
      signals: this.signals,
      minSuccessfulPercent: this.minSuccessfulPercent,
      deploySlots: this.deploySlots,
      defer: this.deferred ? (work) => void this.deferred?.push(work) : undefined,
      progress: async (reason) => {
        this.events.push(reason);
      },
      save: async (patch) => {
        this.saves.push(patch);
        applyStatePatch(this.state, patch);
        if ('pendingJobId' in patch) this.state.pendingJobId = patch.pendingJobId;
        if ('pendingAction' in patch) this.state.pendingAction = patch.pendingAction;
        this.onSave?.(patch);
      },
    };
  }

  async create(): Promise<CreateResult> {
    const result = await this.type.create(this.context());
    Object.assign(this.state, { physicalId: result.physicalId, attributes: result.attributes });
    return result;
  }

  async delete(): Promise<void> {
    await this.type.delete(this.context());
  }

  /**
   * The UpdateContext the engine would give an in-place update to `next`: the previous
   * properties are the ones the resource was created (or last updated) with.
   */
  updateContext(next: Record<string, unknown>, abort: AbortSignal = operationAbortController().signal): UpdateContext {
    return { ...this.context(abort), properties: next, previousProperties: this.properties, changedProperties: changedPropertyNames(this.properties, next) };
  }

  /** Updates in place to `next`; afterwards `next` is what CloudStack holds. */
  async update(next: Record<string, unknown>): Promise<CreateResult> {
    if (!this.type.update) throw new Error(`${this.type.schema.typeName} has no update handler`);
    const result = await this.type.update(this.updateContext(next));
    Object.assign(this.state, { physicalId: result.physicalId, attributes: result.attributes });
    this.properties = next;
    return result;
  }

  /**
   * Runs create and "crashes" the worker right after the first job submission was persisted:
   * the wait is aborted, as a dying process stops waiting. Resolves with the persisted job id.
   */
  createAndCrashAfterSubmission(): Promise<string> {
    return this.crashAfterSubmission('create', (abort) => this.type.create(this.context(abort)));
  }

  /** update(next), "crashing" right after the first job submission was persisted (the properties stay the previous ones). */
  updateAndCrashAfterSubmission(next: Record<string, unknown>): Promise<string> {
    const update = this.type.update;
    if (!update) throw new Error(`${this.type.schema.typeName} has no update handler`);
    return this.crashAfterSubmission('update', (abort) => update(this.updateContext(next, abort)));
  }

  /**
   * Runs create and "crashes" at the first save that `when` selects, before it is persisted:
   * the case where CloudStack accepted a command but the worker died before recording it.
   */
  async createAndCrashBeforeSave(when: (patch: Patch) => boolean): Promise<void> {
    await this.crashBeforeSave(this.context(operationAbortController().signal), when, (context) => this.type.create(context));
  }

  /**
   * Runs create, "crashing" at the first save that `when` selects if one comes: for resources run
   * side by side where only the one that meets the case crashes. Resolves with whether it crashed.
   */
  async createCrashingIfReached(when: (patch: Patch) => boolean): Promise<boolean> {
    const finished = await this.crashBeforeSave(this.context(operationAbortController().signal), when, async (context) => {
      const result = await this.type.create(context);
      Object.assign(this.state, { physicalId: result.physicalId, attributes: result.attributes });
    }, { mayFinish: true });
    return !finished;
  }

  /** update(next), "crashing" at the first save that `when` selects, before it is persisted. */
  async updateAndCrashBeforeSave(next: Record<string, unknown>, when: (patch: Patch) => boolean): Promise<void> {
    const update = this.type.update;
    if (!update) throw new Error(`${this.type.schema.typeName} has no update handler`);
    await this.crashBeforeSave(this.updateContext(next), when, (context) => update(context as UpdateContext));
  }

  private async crashAfterSubmission(what: string, run: (abort: AbortSignal) => Promise<unknown>): Promise<string> {
    const controller = operationAbortController();
    let jobId: string | undefined;
    this.onSave = (patch) => {
      if (!jobId && patch.pendingJobId) {
        jobId = patch.pendingJobId;
        controller.abort(new Error('simulated crash'));
      }
    };
    try {
      await run(controller.signal).then(
        () => { throw new Error(`${what} finished although the worker crashed`); },
        (error: unknown) => { if (!controller.signal.aborted) throw error; },
      );
    } finally {
      this.onSave = undefined;
    }
    if (!jobId) throw new Error(`${what} never persisted a pending job`);
    return jobId;
  }

  /** Resolves with whether `run` finished (only when `mayFinish`: otherwise finishing is an error). */
  private async crashBeforeSave<C extends ResourceContext>(context: C, when: (patch: Patch) => boolean, run: (context: C) => Promise<unknown>, options: { mayFinish?: boolean } = {}): Promise<boolean> {
    const controller = operationAbortController();
    const crashing = { ...context, abort: controller.signal };
    const save = context.save;
    let crashed = false;
    crashing.save = async (patch) => {
      if (!crashed && when(patch)) {
        crashed = true;
        controller.abort(new Error('simulated crash'));
        throw new Error('simulated crash');
      }
      await save(patch);
    };
    return run(crashing).then(
      () => {
        if (!options.mayFinish) throw new Error('the handler finished although the worker crashed');
        return true;
      },
      (error: unknown) => {
        if (!crashed) throw error;
        return false;
      },
    );
  }
}

/** The simulator over HTTP, a seeded User-role user's client, and stacks of that user. */
export class ResourceHarness {
  private constructor(readonly simulator: SimulatorHarness, readonly api: CloudStackClient, private readonly owner: Omit<StackIdentity, 'id' | 'name' | 'zoneId'>) {}

  static async start(username = 'alice'): Promise<ResourceHarness> {
    const simulator = await SimulatorHarness.start({ seed: 7, jobLatencyMs: 20 });
    await simulator.unlimit(username);
    const api = simulator.client(username);
    const [account] = await api.listAll<{ id: string; name: string; domainid: string }>('listAccounts', {}, 'account');
    return new ResourceHarness(simulator, api, { accountId: account.id, accountName: account.name, domainId: account.domainid });
  }

  /** A fresh stack whose default zone is the named one. */
  async stack(zoneName: string): Promise<StackIdentity> {
    const id = randomUUID();
    return { id, name: `stack-${id.slice(0, 8)}`, zoneId: await this.api.resolveZoneId(zoneName), ...this.owner };
  }

  resource(type: ResourceType, stack: StackIdentity, logicalId: string, properties: Record<string, unknown>, signals?: SignalRegistry): HarnessedResource {
    return new HarnessedResource(type, this.api, stack, logicalId, properties, signals);
  }

  /** A running VM of the user in a zone (the advanced zone puts it on the account's network). */
  async deployVm(name: string, zoneName: string, extra: Record<string, string> = {}): Promise<{ id: string; networkId: string; ipAddress: string }> {
    const zoneid = await this.api.resolveZoneId(zoneName);
    const { virtualmachine: vm } = await this.api.executeAsync<{ virtualmachine: { id: string; nic: Array<{ networkid: string; ipaddress: string }> } }>('deployVirtualMachine', {
      zoneid,
      templateid: await this.api.resolveTemplateId('Ubuntu 22.04', zoneid),
      serviceofferingid: await this.api.resolveServiceOfferingId('Small Instance'),
      name,
      ...extra,
    });
    return { id: vm.id, networkId: vm.nic[0].networkid, ipAddress: vm.nic[0].ipaddress };
  }

  /** A public IP of the user, acquired directly (the rule types under test need one). */
  async acquireIp(networkId: string): Promise<string> {
    const { ipaddress } = await this.api.executeAsync<{ ipaddress: { id: string } }>('associateIpAddress', { networkid: networkId });
    return ipaddress.id;
  }

  /** A new isolated network of the user's; answers its id. */
  async createIsolatedNetwork(name: string, zoneName = 'zone-advanced'): Promise<string> {
    const zoneid = await this.api.resolveZoneId(zoneName);
    const [offering] = await this.api.listAll<{ id: string }>('listNetworkOfferings', { guestiptype: 'Isolated' }, 'networkoffering');
    const { network } = await this.api.request<{ network: { id: string } }>('createNetwork', { name, displaytext: name, zoneid, networkofferingid: offering.id });
    return network.id;
  }

  /** A VM on a new isolated network of its own: a target outside the account's first network. */
  async deployVmInNewNetwork(vmName: string, networkName: string, zoneName: string): Promise<{ id: string; networkId: string; ipAddress: string }> {
    return this.deployVm(vmName, zoneName, { networkids: await this.createIsolatedNetwork(networkName, zoneName) });
  }

  /** Resolves once none of the user's CloudStack jobs is pending: what a crashed run left running has ended. */
  async jobsEnded(): Promise<void> {
    await eventually(() => this.api.listAll<{ jobstatus: number }>('listAsyncJobs', {}, 'asyncjobs'), (jobs) => jobs.every((job) => job.jobstatus !== 0));
  }

  /** Calls the simulator served since the previous call, by command. */
  async callsSinceLastCheck(): Promise<Record<string, number>> {
    const stats = await this.simulator.serverStatistics();
    return Object.fromEntries(stats.command.map((c) => [c.name, c.calls]));
  }

  /**
   * The calls since the previous check that can change something: reads (list*, get*, and the
   * job polling) are left out, so that a test states exactly which changes an operation made.
   */
  async changesSinceLastCheck(): Promise<Record<string, number>> {
    const calls = await this.callsSinceLastCheck();
    return Object.fromEntries(Object.entries(calls).filter(([name]) => !/^(list|get|query)/.test(name)));
  }

  async stop(): Promise<void> {
    await this.simulator.stop();
  }
}

/** Polls until `read` answers what `done` accepts (e.g. until a job a crashed worker left behind finished). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
