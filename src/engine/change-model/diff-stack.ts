import { activeResources, buildDependencyGraph } from '../../template';
import type { EvaluationContext, TypeRegistry } from '../../template';
import type { ModifyChange, RecordedResource, RecordedStack, RemoveChange, ResourceChange } from './change-types';
import { declaredResource } from './declared-resource';
import { changedParameters, diffResource } from './diff-resource';
import type { PlannedState } from './planning-resolver';
import { planningResolver } from './planning-resolver';
import { ResourceTypeChangeError } from './resource-type-change-error';

// Rows of objects that are gone, or that a Retain policy let go: no longer the stack's.
const GONE = new Set(['DELETE_COMPLETE', 'DELETE_SKIPPED']);

/**
 * What updating the stack to `next` does to each resource: Add, Modify or Remove, in the new
 * template's order with removals last. Pure and deterministic: a change set shows it, and the
 * update executes it. An empty list means there is nothing to update.
 *
 * Resources are visited in dependency order, so when one is reached, every resource it refers to
 * has been classified, and a reference to a new or replaced one is known to be unknowable now
 * (Dynamic): replacement propagates to dependants transitively.
 *
 * Throws ResourceTypeChangeError (a ValidationError) when a kept logical id changes type, and
 * TemplateValidationError when the new template cannot be evaluated with the new parameters.
 */
export function diffStack(current: RecordedStack, next: EvaluationContext, registry: TypeRegistry): ResourceChange[] {
  const recorded = liveResources(current.resources);
  const wanted = activeResources(next);
  refuseTypeChanges(recorded, wanted, next);
  const planned = new Map<string, PlannedState>();
  const inputs = {
    current: current.evaluation,
    next,
    registry,
    resolver: planningResolver(recorded, planned, registry),
    currentResolver: planningResolver(recorded, new Map(), registry),
    changedParameters: changedParameters(current.evaluation, next),
  };
  const changes = new Map<string, ResourceChange>();
  for (const logicalId of buildDependencyGraph(next.template, wanted).topologicalOrder()) {
    const record = recorded.get(logicalId);
    const change = record ? diffResource({ ...inputs, record }) : { action: 'Add' as const, logicalId, resourceType: declaredResource(next, logicalId)!.type };
    if (change === undefined) continue;
    changes.set(logicalId, change);
    const state = plannedState(change);
    if (state) planned.set(logicalId, state);
  }
  const kept = wanted.filter((id) => changes.has(id)).map((id) => changes.get(id)!);
  const wantedSet = new Set(wanted);
  const removed = [...recorded.values()].filter((r) => !wantedSet.has(r.logicalId)).map((r) => removal(r, current.evaluation));
  return [...kept, ...removed];
}

function liveResources(resources: readonly RecordedResource[]): Map<string, RecordedResource> {
  const live = new Map<string, RecordedResource>();
  for (const resource of resources) {
    if (GONE.has(resource.status)) continue;
    if (live.has(resource.logicalId)) throw new Error(`Resource ${resource.logicalId} is recorded twice: pass one generation per logical id`);
    live.set(resource.logicalId, resource);
  }
  return live;
}

function refuseTypeChanges(recorded: ReadonlyMap<string, RecordedResource>, wanted: readonly string[], next: EvaluationContext): void {
  const changed = wanted.filter((id) => {
    const record = recorded.get(id);
    return record !== undefined && record.type !== declaredResource(next, id)?.type;
  });
  if (changed.length > 0) throw new ResourceTypeChangeError(changed);
}

function plannedState(change: ResourceChange): PlannedState | undefined {
  if (change.action === 'Add') return { kind: 'added' };
  if (change.action !== 'Modify') return undefined;
  if (change.replacement !== 'False') return { kind: 'replaced' };
  return change.scope.includes('Properties') ? { kind: 'modified', properties: changedPropertyNames(change) } : undefined;
}

function changedPropertyNames(change: ModifyChange): Set<string> {
  return new Set(change.details.filter((d) => d.target.attribute === 'Properties').map((d) => d.target.name as string));
}

/** The policy comes from the template the resource was declared in; a row without one is deleted. */
function removal(record: RecordedResource, current: EvaluationContext): RemoveChange {
  return {
    action: 'Remove',
    logicalId: record.logicalId,
    resourceType: record.type,
    physicalId: record.physicalId,
    policyAction: declaredResource(current, record.logicalId)?.deletionPolicy ?? 'Delete',
  };
}
