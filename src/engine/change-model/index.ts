/** The change model: a pure diff of a stack's recorded state and a new template (DESIGN.md "The change model"). */
export { diffStack } from './diff-stack';
export { changedParameters, diffResource } from './diff-resource';
export type { ResourceDiffInputs } from './diff-resource';
export { planningResolver } from './planning-resolver';
export type { PlannedState } from './planning-resolver';
export { ResourceTypeChangeError } from './resource-type-change-error';
export { valuesEqual } from './values-equal';
export type {
  AddChange, ChangeDetail, ChangeScope, ChangeSource, ChangeTarget, Evaluation, ModifyChange, RecordedResource, RecordedStack,
  RemoveChange, Replacement, RequiresRecreation, ResourceChange, UpdateKind,
} from './change-types';
