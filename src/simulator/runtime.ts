import type { Caller } from './access';
import { AsyncJobManager } from './jobs';
import type { SimulatorKnobs } from './knobs';
import { CommandRegistry } from './registry';
import { SimulatorStatistics } from './statistics';
import type { SimulatorState } from './state/store';
import type { VirtualMachine } from './state/types';
import { SessionStore } from './sessions';
import { AccountThrottle } from './throttle';

export type VmRunningListener = (vm: VirtualMachine) => void;

/** Everything a running simulator holds; command handlers reach it through their context. */
export class SimulatorRuntime {
  readonly registry = new CommandRegistry();
  readonly jobs: AsyncJobManager;
  readonly statistics = new SimulatorStatistics();
  readonly throttle = new AccountThrottle();
  readonly sessions = new SessionStore();
  private readonly vmRunningListeners: VmRunningListener[] = [];

  constructor(readonly state: SimulatorState, readonly knobs: SimulatorKnobs) {
    this.jobs = new AsyncJobManager({
      rng: state.rng, knobs, newId: () => state.newId(),
      drawn: (job, latencyms) => this.statistics.recordJobLatency({ jobid: job.id, command: job.command, instanceid: job.instanceId, latencyms }),
    });
  }

  /** Called whenever a VM reaches Running (cloud-init emulation hangs off this). */
  onVmRunning(listener: VmRunningListener): void {
    this.vmRunningListeners.push(listener);
  }

  vmReachedRunning(vm: VirtualMachine): void {
    for (const listener of this.vmRunningListeners) listener(vm);
  }

  callerByApiKey(apiKey: string): Caller | undefined {
    const user = [...this.state.users.values()].find((u) => u.apiKey === apiKey);
    return user && this.callerByUserId(user.id);
  }

  /** An enabled user of an enabled account, as a session's requests act for them. */
  callerByUserId(userId: string): Caller | undefined {
    const user = this.state.users.get(userId);
    if (!user || user.state !== 'enabled') return undefined;
    const account = this.state.accounts.get(user.accountId);
    const domain = account && this.state.domains.get(account.domainId);
    if (!account || !domain || account.state !== 'enabled') return undefined;
    return { user, account, domain, role: account.roleType };
  }

  stop(): void {
    this.jobs.stop();
  }
}
