import type { RunningSimulator, SeededCredential } from '../../../src/simulator';
import { callAndWait } from './client';
import type { World } from './world';

/** A VM of `who` in the advanced zone (Small Instance, Ubuntu), Stopped unless `running`. */
export async function deployVm(sim: RunningSimulator, who: SeededCredential, world: World, name: string, running = false, extra: Record<string, string> = {}): Promise<any> {
  const job = await callAndWait(sim, who, {
    command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name, startvm: String(running), ...extra,
  });
  if (job.jobstatus !== 1) throw new Error(`deploy ${name} failed: ${JSON.stringify(job.jobresult)}`);
  return job.jobresult.virtualmachine;
}
