import { CloudStackApiError } from '../../cloudstack-api';
import type { UpdateCommand } from './change-args';
import { beforeUpdate, followUpdate } from './follow-update';
import { readTemplate, type StackIo } from './operations';
import { templateLogicalIds } from './planned-total';
import type { StackApi } from './stack-api';

/** AWS's words, which the service answers (431) when the update would change nothing. */
export const NO_UPDATES = 'No updates are to be performed.';

function nothingToUpdate(error: unknown): boolean {
  return error instanceof CloudStackApiError && error.message === NO_UPDATES;
}

/**
 * `csf stack update`. Nothing to update is a success (exit 0), as with `aws cloudformation deploy
 * --no-fail-on-empty-changeset`: the stack already is what was asked for, so a script that
 * updates on every run needs no special case.
 */
export async function updateStack(api: StackApi, command: UpdateCommand, io: StackIo): Promise<number> {
  const templateBody = command.template.kind === 'file' ? await readTemplate(command.template.path) : undefined;
  const stack = await api.find(command.stack);
  if (!stack || stack.status === 'DELETE_COMPLETE') {
    io.stderr.write(`csf: no stack ${command.stack}\n`);
    return 1;
  }
  // Only what this update does is shown: what happened before it is history.
  const before = command.wait ? await beforeUpdate(api, stack.id) : undefined;
  let jobid: string;
  try {
    ({ jobid } = await api.update({ id: stack.id, templateBody, params: command.params, timeoutMinutes: command.timeoutMinutes }));
  } catch (error) {
    if (!nothingToUpdate(error)) throw error;
    io.stdout.write(`${NO_UPDATES}\n`);
    return 0;
  }
  if (!before) {
    io.stdout.write(`Updating stack ${stack.name}: id=${stack.id} jobid=${jobid}\n`);
    return 0;
  }
  if (io.interactive) io.stdout.write(`Updating stack ${stack.name} (${stack.id})\n`);
  return followUpdate(api, io, { stack, jobid, before, incomingIds: templateBody === undefined ? [] : templateLogicalIds(templateBody) });
}
