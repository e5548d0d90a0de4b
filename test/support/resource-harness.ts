import { randomUUID } from 'node:crypto';
import type { CloudStackClient } from '../../src/client';
import type { CreateResult, ResourceContext, ResourceState, ResourceType, SignalRegistry, StackIdentity } from '../../src/resources/resource-type';
import { SimulatorHarness } from '../integration/client/simulator-harness';

type Patch = Parameters<ResourceContext['save']>[0];
type PersistedState = ResourceState & { pendingJobId?: string | null; pendingAction?: string | null };

/** The types tested with this harness use no signals; any use of them is a test failure. */
const unused = (): never => {
  throw new Error('this resource type is not expected to use wait-condition signals');
};
const NO_SIGNALS: SignalRegistry = { urlFor: unused, newToken: unused, received: unused, register: unused, unregister: unused };

/**
 * One resource of a stack, with the state the engine would persist. `save` merges each patch
 * into `state`, as the engine does against the database, so a second run sees what the first saved.
 */
export class HarnessedResource {
  state: PersistedState = { physicalId: null, attributes: {}, metadata: {} };
  readonly saves: Patch[] = [];
  /** Called on every save after it was applied; a test uses it to simulate a crash. */
  private onSave?: (patch: Patch) => void;

  constructor(
    readonly type: ResourceType,
    readonly api: CloudStackClient,
    readonly stack: StackIdentity,
    readonly logicalId: string,
    public properties: Record<string, unknown>,
  ) {}

  context(abort: AbortSignal = new AbortController().signal): ResourceContext {
    return {
      api: this.api,
      stack: this.stack,
      logicalId: this.logicalId,
      resourceType: this.type.schema.typeName,
      properties: this.properties,
      state: this.state,
      abort,
      signals: NO_SIGNALS,
      save: async (patch) => {
        this.saves.push(patch);
        Object.assign(this.state, patch);
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
   * Runs create and "crashes" the worker right after the first job submission was persisted:
   * the wait is aborted, as a dying process stops waiting. Resolves with the persisted job id.
   */
  async createAndCrashAfterSubmission(): Promise<string> {
    const controller = new AbortController();
    let jobId: string | undefined;
    this.onSave = (patch) => {
      if (!jobId && patch.pendingJobId) {
        jobId = patch.pendingJobId;
        controller.abort(new Error('simulated crash'));
      }
    };
    try {
      await this.type.create(this.context(controller.signal)).then(
        () => { throw new Error('create finished although the worker crashed'); },
        (error: unknown) => { if (!controller.signal.aborted) throw error; },
      );
    } finally {
      this.onSave = undefined;
    }
    if (!jobId) throw new Error('create never persisted a pending job');
    return jobId;
  }

  /**
   * Runs create and "crashes" at the first save that `when` selects, before it is persisted:
   * the case where CloudStack accepted a command but the worker died before recording it.
   */
  async createAndCrashBeforeSave(when: (patch: Patch) => boolean): Promise<void> {
    const controller = new AbortController();
    const context = this.context(controller.signal);
    const save = context.save;
    let crashed = false;
    context.save = async (patch) => {
      if (!crashed && when(patch)) {
        crashed = true;
        controller.abort(new Error('simulated crash'));
        throw new Error('simulated crash');
      }
      await save(patch);
    };
    await this.type.create(context).then(
      () => { throw new Error('create finished although the worker crashed'); },
      (error: unknown) => { if (!crashed) throw error; },
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

  resource(type: ResourceType, stack: StackIdentity, logicalId: string, properties: Record<string, unknown>): HarnessedResource {
    return new HarnessedResource(type, this.api, stack, logicalId, properties);
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

  /** A VM on a new isolated network of its own: a target outside the account's first network. */
  async deployVmInNewNetwork(vmName: string, networkName: string, zoneName: string): Promise<{ id: string; networkId: string; ipAddress: string }> {
    const zoneid = await this.api.resolveZoneId(zoneName);
    const [offering] = await this.api.listAll<{ id: string }>('listNetworkOfferings', { guestiptype: 'Isolated' }, 'networkoffering');
    const { network } = await this.api.request<{ network: { id: string } }>('createNetwork', { name: networkName, displaytext: networkName, zoneid, networkofferingid: offering.id });
    return this.deployVm(vmName, zoneName, { networkids: network.id });
  }

  /** Calls the simulator served since the previous call, by command. */
  async callsSinceLastCheck(): Promise<Record<string, number>> {
    const stats = await this.simulator.serverStatistics();
    return Object.fromEntries(stats.command.map((c) => [c.name, c.calls]));
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
