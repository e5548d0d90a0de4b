import type { DeletionPolicy, EvaluationContext } from '../../template';

/**
 * What the stack looks like now, as recorded: the context its last operation evaluated with
 * (template, parameter values, pseudo-parameters) and one entry per resource row. StackResource
 * rows fit RecordedResource as they are.
 */
export interface RecordedStack {
  evaluation: EvaluationContext;
  resources: readonly RecordedResource[];
}

export interface RecordedResource {
  logicalId: string;
  type: string;
  physicalId: string | null;
  status: string;
  /** The properties as evaluated when the object was created (or last updated). */
  resolvedProperties: Readonly<Record<string, unknown>>;
  /** What Fn::GetAtt answers, and the Ref value when it is not the physical id. */
  attributes: Readonly<Record<string, unknown>>;
}

/** AWS's ResourceAttribute: which part of a resource's declaration a change comes from. */
export type ChangeScope = 'Properties' | 'Metadata' | 'CreationPolicy' | 'DeletionPolicy' | 'Tags';
export type Replacement = 'True' | 'False' | 'Conditional';
export type RequiresRecreation = 'Never' | 'Conditionally' | 'Always';
export type Evaluation = 'Static' | 'Dynamic';
export type ChangeSource = 'DirectModification' | 'ResourceReference' | 'ParameterReference' | 'ResourceAttribute';

/**
 * How the engine carries out a Modify. Conditional: a property that forces replacement takes a
 * value known only during the update (the new id of a replaced resource); the engine decides then.
 */
export type UpdateKind = 'NoInterruption' | 'SomeInterruption' | 'Replacement' | 'Conditional';

/** AWS's ResourceTargetDefinition, without the before and after values (they may hold NoEcho secrets). */
export interface ChangeTarget {
  attribute: ChangeScope;
  /** The property name, for Properties; absent for every other attribute. */
  name?: string;
  /** `/Properties/Count` */
  path?: string;
  requiresRecreation: RequiresRecreation;
}

/** AWS's ResourceChangeDetail: one changed part of a resource and one thing that caused it. */
export interface ChangeDetail {
  target: ChangeTarget;
  evaluation: Evaluation;
  changeSource: ChangeSource;
  /** Parameter name, `LogicalId` (Ref) or `LogicalId.Attribute` (GetAtt); absent for DirectModification. */
  causingEntity?: string;
  /** Not an AWS field: why this property's change behaves unlike its declared update behaviour. */
  reason?: string;
}

interface ChangeBase {
  logicalId: string;
  resourceType: string;
}

export interface AddChange extends ChangeBase {
  action: 'Add';
}

export interface RemoveChange extends ChangeBase {
  action: 'Remove';
  physicalId: string | null;
  /** The DeletionPolicy the removal follows (AWS's PolicyAction for Remove). */
  policyAction: DeletionPolicy;
}

export interface ModifyChange extends ChangeBase {
  action: 'Modify';
  physicalId: string | null;
  replacement: Replacement;
  /** In AWS's order of ResourceAttribute; the update handler runs only when it holds Properties. */
  scope: ChangeScope[];
  details: ChangeDetail[];
  updateKind: UpdateKind;
}

export type ResourceChange = AddChange | RemoveChange | ModifyChange;
