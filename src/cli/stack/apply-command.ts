import type { ApplyCommand } from './change-args';
import type { ChangeSetApi } from './change-set-api';
import { beforeUpdate, followUpdate } from './follow-update';
import { follow, type StackIo } from './operations';
import type { StackApi } from './stack-api';
import { plannedChangeCount } from './update-progress';
import { watchStackJob } from './watch';

/**
 * `csf stack apply CHANGESET_ID`: executes the change set. Its changes are known beforehand, so
 * the progress bar has a true total: the resources the change set adds, changes the properties
 * of, replaces or removes. A change set of type CREATE (made through the API) creates its stack.
 */
export async function applyChangeSet(api: StackApi, changeSets: ChangeSetApi, command: ApplyCommand, io: StackIo): Promise<number> {
  const changeSet = await changeSets.get(command.changeSetId);
  const before = command.wait ? await beforeUpdate(api, changeSet.stackid) : undefined;
  const { jobid } = await changeSets.execute(changeSet.id);
  const what = `change set ${changeSet.name} to stack ${changeSet.stackname}`;
  if (!before) {
    io.stdout.write(`Applying ${what}: id=${changeSet.stackid} jobid=${jobid}\n`);
    return 0;
  }
  if (io.interactive) io.stdout.write(`Applying ${what} (${changeSet.stackid})\n`);
  const changes = changeSet.changes ?? [];
  const stack = { id: changeSet.stackid, name: changeSet.stackname };
  const incomingIds = changes.map((c) => c.logicalresourceid);
  if (changeSet.changesettype === 'CREATE') {
    return follow(io, 'CREATE_COMPLETE', [stack.name, ...incomingIds], (output) => watchStackJob({
      api, stackId: stack.id, stackName: stack.name, jobid, mode: 'create', plannedTotal: changes.length, seenEventIds: before.seenEventIds, pollIntervalMs: io.pollIntervalMs,
    }, output));
  }
  return followUpdate(api, io, { stack, jobid, before, incomingIds, plannedChanges: plannedChangeCount(changes) });
}
