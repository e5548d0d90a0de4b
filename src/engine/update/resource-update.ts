import { StackResource as StackResourceEntity, type StackResource } from '../../../entities';
import type { ResourceType } from '../../resources/resource-type';
import { changedParameters, diffResource, planningResolver, type ModifyChange, type RecordedResource } from '../change-model';
import { failureReason } from '../error-reason';
import { contextFor, createResource, evaluateInputs } from '../resource-runner';
import { resolverFor } from '../stack-plan';
import { ResourceStatus } from '../statuses';
import { generationOf, nextGenerationNumber, previousOf, type PreviousState } from './generation';
import { deleteKeptGeneration } from './old-generation';
import { changedProperties, customNameConflict } from './property-changes';
import type { UpdateRun } from './update-run';

export const REPLACEMENT_REASON = 'Requested update requires the creation of a new physical resource; hence creating one.';
export const REPLACEMENT_AFTER_DELETE_REASON = 'Requested update requires a new physical resource, which CloudStack cannot hold beside the old one; the old one is deleted first.';

/** What the update did to one resource: nothing to do, done, or failed (the row says why). */
export type ResourceUpdateOutcome = 'unchanged' | 'done' | 'failed';

/**
 * Brings one resource to the new template: creates it when it is new, changes it in place when
 * its type can, replaces it otherwise. Resumes from its `previous` record after a crash.
 */
export async function updateResource(run: UpdateRun, logicalId: string): Promise<ResourceUpdateOutcome> {
  const definition = run.plan.template.resources[logicalId];
  const type = run.deps.resources.get(definition.type);
  const row = run.rows.get(logicalId);
  if (!row || !run.oldPlan.active.includes(logicalId)) {
    await createResource(run, logicalId, type);
    return run.rows.get(logicalId)?.status === ResourceStatus.CREATE_COMPLETE ? 'done' : 'failed';
  }
  try {
    const resumed = previousOf(row, run.update.id);
    const { properties } = evaluateInputs(run, logicalId);
    if (resumed) return await continueUpdate(run, row, type, resumed, properties);
    const change = liveChange(run, row);
    const changed = changedPropertyNames(change);
    // A change of Metadata or a policy alone asks nothing of CloudStack.
    if (changed.length === 0) return 'unchanged';
    if (change?.replacement !== 'True' && type.update) return await updateInPlace(run, row, type, properties, changed);
    const conflict = customNameConflict(logicalId, row.resolvedProperties, properties);
    if (conflict) throw new Error(conflict);
    return await replace(run, row, type, properties);
  } catch (error) {
    run.deps.logger.warn({ stackId: run.stack.id, logicalId, reason: failureReason(error) }, 'resource update failed');
    await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_FAILED, failureReason(error));
    return 'failed';
  }
}

/**
 * The change-set diff of this resource, now that everything it refers to is settled: with the
 * live resolver every value is known, so the classification is final (no Conditional) and is the
 * one the change set computed wherever the change set could know it.
 */
function liveChange(run: UpdateRun, row: StackResource): ModifyChange | undefined {
  return diffResource({
    record: row,
    current: run.oldPlan.evaluation,
    next: run.plan.evaluation,
    registry: run.deps.resources.typeRegistry(),
    resolver: resolverFor(run.rows),
    currentResolver: planningResolver(recordedBeforeUpdate(run), new Map(), run.deps.resources.typeRegistry()),
    changedParameters: changedParameters(run.oldPlan.evaluation, run.plan.evaluation),
  });
}

function changedPropertyNames(change: ModifyChange | undefined): string[] {
  const names = (change?.details ?? []).filter((d) => d.target.attribute === 'Properties' && d.target.name).map((d) => d.target.name as string);
  return [...new Set(names)].sort();
}

/** Every resource as it was before this update: a replaced or changed one by its kept generation. */
function recordedBeforeUpdate(run: UpdateRun): Map<string, RecordedResource> {
  return new Map([...run.rows.values()].map((row) => {
    const previous = previousOf(row, run.update.id);
    const before = previous && previous.action !== 'Discard' ? { ...row, ...previous.generation } : row;
    return [row.logicalId, before as RecordedResource];
  }));
}

function continueUpdate(run: UpdateRun, row: StackResource, type: ResourceType, previous: PreviousState, properties: Record<string, unknown>): Promise<ResourceUpdateOutcome> {
  if (row.status === ResourceStatus.UPDATE_COMPLETE) return Promise.resolve('done');
  if (previous.action === 'Modify') return applyInPlace(run, row, type, properties, previous);
  return createReplacement(run, row, type, properties, previous);
}

/** Records the resource as it is, for rollback, before CloudStack is asked for anything. */
async function updateInPlace(run: UpdateRun, row: StackResource, type: ResourceType, properties: Record<string, unknown>, changed: string[]): Promise<ResourceUpdateOutcome> {
  const previous: PreviousState = { updateId: run.update.id, action: 'Modify', generation: generationOf(row), target: properties };
  await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_IN_PROGRESS, `Updating ${changed.join(', ')}`, { previous: previous as unknown as Record<string, unknown> });
  return applyInPlace(run, row, type, properties, previous);
}

async function applyInPlace(run: UpdateRun, row: StackResource, type: ResourceType, properties: Record<string, unknown>, previous: PreviousState): Promise<ResourceUpdateOutcome> {
  const release = await run.deps.limits.acquire(run.stack.accountId);
  try {
    const base = await contextFor(run, row, properties);
    const before = previous.generation.resolvedProperties;
    // The new template's policy, as CloudFormation applies it (a group's members in batches).
    const { updatePolicy } = run.plan.template.resources[row.logicalId];
    const result = await type.update!({ ...base, previousProperties: before, changedProperties: changedProperties(before, properties), updatePolicy });
    await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_COMPLETE, null, {
      physicalId: result.physicalId, attributes: result.attributes, resolvedProperties: properties, pendingJobId: null, pendingAction: null,
    });
    return 'done';
  } finally {
    release();
  }
}

/**
 * Starts a replacement: the old object is kept aside (deleted in cleanup, restored on rollback)
 * and the row starts a new generation, which create fills in as it would for a new resource.
 */
async function replace(run: UpdateRun, row: StackResource, type: ResourceType, properties: Record<string, unknown>): Promise<ResourceUpdateOutcome> {
  const deleteFirst = type.schema.replaceByDeletingFirst === true;
  const previous: PreviousState = { updateId: run.update.id, action: 'Replace', generation: generationOf(row), target: properties, deleteFirst };
  await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_IN_PROGRESS, deleteFirst ? REPLACEMENT_AFTER_DELETE_REASON : REPLACEMENT_REASON, {
    previous: previous as unknown as Record<string, unknown>,
    physicalId: null,
    attributes: {},
    metadata: { generation: nextGenerationNumber(row) },
    pendingJobId: null,
    pendingAction: null,
  });
  return createReplacement(run, row, type, properties, previous);
}

async function createReplacement(run: UpdateRun, row: StackResource, type: ResourceType, properties: Record<string, unknown>, previous: PreviousState): Promise<ResourceUpdateOutcome> {
  if (previous.deleteFirst && !previous.oldDeleted) await deleteOldFirst(run, row, previous);
  const release = await run.deps.limits.acquire(run.stack.accountId);
  try {
    const { policy, minSuccessfulPercent } = evaluateInputs(run, row.logicalId);
    const result = await type.create(await contextFor(run, row, properties, policy, minSuccessfulPercent));
    await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_COMPLETE, result.reason ?? null, {
      physicalId: result.physicalId, attributes: result.attributes, resolvedProperties: properties, pendingJobId: null, pendingAction: null,
    });
    return 'done';
  } finally {
    release();
  }
}

/** The old object of a delete-first replacement goes, and the record says so before anything is created. */
async function deleteOldFirst(run: UpdateRun, row: StackResource, previous: PreviousState): Promise<void> {
  if (!(await deleteKeptGeneration(run, row, previous))) throw new Error(`The old ${row.type} could not be deleted to make room for its replacement; see the events`);
  previous.oldDeleted = true;
  row.previous = previous as unknown as Record<string, unknown>;
  await run.deps.dataSource.getRepository(StackResourceEntity).update({ id: row.id }, { previous: row.previous as never });
}
