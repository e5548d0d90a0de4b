import type { PlanCommand } from './change-args';
import { NO_CHANGES_REASON, type ChangeSetApi } from './change-set-api';
import { readTemplate, type StackIo } from './operations';
import { renderPlan } from './plan-view';
import { ANSI_COLORS, NO_COLORS } from './progress-view';

/** `csf-plan-20260101-120000-123`: unique enough for one person's plans, and valid as a change set name. */
export function defaultChangeSetName(now: Date): string {
  const [date, time] = now.toISOString().split('T');
  return `csf-plan-${date.replace(/-/g, '')}-${time.slice(0, 8).replace(/:/g, '')}-${time.slice(9, 12)}`;
}

/**
 * `csf stack plan`: makes a change set, waits until the service computed it, prints it. Exit
 * codes as `terraform plan -detailed-exitcode`: 0 no changes, 2 changes (the change set stays,
 * for `csf stack apply`), 1 an error.
 */
export async function planStack(changeSets: ChangeSetApi, command: PlanCommand, io: StackIo): Promise<number> {
  const templateBody = command.template.kind === 'file' ? await readTemplate(command.template.path) : undefined;
  const name = command.changeSetName ?? defaultChangeSetName(new Date());
  const id = await changeSets.createAndCompute({ name, stack: command.stack, templateBody, params: command.params });
  const changeSet = await changeSets.get(id);
  if (changeSet.status !== 'CREATE_COMPLETE') {
    // A change set that did not compute can never be executed; kept, it would only hold its name.
    await changeSets.delete(id);
    if (changeSet.statusreason === NO_CHANGES_REASON) {
      io.stdout.write(`No changes. Stack ${changeSet.stackname} matches the template and parameter values.\n`);
      return 0;
    }
    io.stderr.write(`csf: change set ${name} ${changeSet.status}: ${changeSet.statusreason ?? 'no reason given'}\n`);
    return 1;
  }
  io.stdout.write(`${renderPlan(changeSet, io.interactive ? ANSI_COLORS : NO_COLORS).join('\n')}\n`);
  return 2;
}
