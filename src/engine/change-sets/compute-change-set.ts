import { ChangeSet, Stack, StackResource } from '../../../entities';
import { TemplateValidationError } from '../../template';
import { diffStack, type ResourceChange } from '../change-model';
import type { EngineDeps } from '../engine-deps';
import { failureReason } from '../error-reason';
import { accountExports } from '../cross-stack/cross-stack-store';
import { buildStackPlan } from '../stack-plan';
import { changeSetView } from './change-set-view';
import { fitReason } from '../stack-recorder';
import { stackMasker } from '../stack-secrets';
import { storedTemplateText } from '../template-source';
import { withStackTagChanges } from './stack-tag-changes';

export const CHANGE_SET_JOB_HANDLER = 'stack.changeset';

/** AWS's words for a change set that would change nothing. */
export const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

async function planFor(deps: EngineDeps, stack: Stack, templateId: string, parameters: Stack['parameters'], zoneNames: string[], storedTemplate: boolean) {
  return buildStackPlan({
    stack: Object.assign(new Stack(), stack, { parameters }),
    templateBody: await storedTemplateText(deps.dataSource, templateId),
    registry: deps.resources.typeRegistry(),
    region: deps.region,
    zoneNames,
    storedTemplate,
    exports: await accountExports(deps.dataSource, stack.accountId),
  });
}

/**
 * The change set's job: the same pure diff an update runs on, from the stack as recorded to the
 * change set's template and parameters. A CREATE change set adds every resource. Its result is
 * the whole change set with its changes, as CloudStack's create commands answer with the object
 * they made: cmk prints the job result, so this is what `cmk create changeset` shows (a FAILED
 * change set with its reason).
 */
export async function computeChangeSet(deps: EngineDeps, changeSetId: string): Promise<Record<string, unknown>> {
  const repository = deps.dataSource.getRepository(ChangeSet);
  const changeSet = await repository.findOneByOrFail({ id: changeSetId });
  const stack = await deps.dataSource.getRepository(Stack).findOneByOrFail({ id: changeSet.stackId });
  await repository.update({ id: changeSet.id }, { status: 'CREATE_IN_PROGRESS' });
  try {
    const zones = await (await deps.ownerClients.forUser(stack.userId)).listAvailableZones();
    const zoneNames = zones.map((z) => z.name);
    const next = await planFor(deps, stack, changeSet.templateId, changeSet.parameters, zoneNames, false);
    let changes: ResourceChange[];
    if (changeSet.changeSetType === 'CREATE') {
      changes = next.active.map((logicalId) => ({ action: 'Add', logicalId, resourceType: next.template.resources[logicalId].type }));
    } else {
      const current = await planFor(deps, stack, stack.templateId, stack.parameters, zoneNames, true);
      const rows = await deps.dataSource.getRepository(StackResource).findBy({ stackId: stack.id });
      const diff = diffStack({ evaluation: current.evaluation, resources: rows }, next.evaluation, deps.resources.typeRegistry());
      changes = withStackTagChanges(diff, stack.tags, changeSet.tags, rows, deps.resources.typeRegistry());
    }
    const done = changes.length === 0
      ? { status: 'FAILED', statusReason: NO_CHANGES, executionStatus: 'UNAVAILABLE', changes }
      : { status: 'CREATE_COMPLETE', statusReason: null, executionStatus: 'AVAILABLE', changes };
    const saved = await repository.save(Object.assign(changeSet, done, { changes: changes as unknown as Array<Record<string, unknown>> }));
    return { changeset: changeSetView(saved, stack, true) };
  } catch (error) {
    const reason = error instanceof TemplateValidationError ? error.message : failureReason(error);
    // The change set's own NoEcho values may be quoted by an error about them.
    const masker = stackMasker(Object.assign(new Stack(), stack, { parameters: changeSet.parameters, noEchoKeys: changeSet.noEchoKeys }));
    await repository.update({ id: changeSet.id }, { status: 'FAILED', statusReason: fitReason(masker.mask(reason)), executionStatus: 'UNAVAILABLE' });
    return { changeset: changeSetView(await repository.findOneByOrFail({ id: changeSet.id }), stack, true) };
  }
}
