import type { UpdatePolicy } from '../model';

/** The value types a resource property can declare. */
export type PropertyValueType = 'String' | 'Number' | 'Integer' | 'Boolean' | 'List' | 'Map' | 'Json';

/**
 * What changing a property on update does to the resource (as CloudFormation documents it):
 * Mutable is "No interruption"; SomeInterruption keeps the physical id but disturbs the object
 * (a VM stopped and started); Replacement creates a new object. Immutable ("Updates are not
 * supported") is replaced, as Heat replaces what it cannot update; so is a property that declares
 * nothing.
 */
export type UpdateBehavior = 'Mutable' | 'SomeInterruption' | 'Replacement' | 'Immutable';

/** A property's behaviour for one particular change, when the declared one is not the whole story. */
export interface RefinedUpdateBehavior {
  behavior: UpdateBehavior;
  /** Shown with the change: why this change behaves unlike the property's declared behaviour. */
  reason: string;
}

export interface PropertySchema {
  type: PropertyValueType;
  /** For List properties: the type every element must have. */
  itemType?: Exclude<PropertyValueType, 'List'>;
  required?: boolean;
  /** For Integer and Number properties: the least and greatest value the resource accepts. */
  range?: { minimum: number; maximum: number };
  description: string;
  /** The CloudStack API parameter this property maps to, for the generated reference. */
  cloudstackParameter?: string;
  /**
   * What an update of this property will do. Kept for the stack-update feature, which does not
   * exist yet: neither the generated docs nor the API show it until updates are available.
   */
  updateBehavior?: UpdateBehavior;
}

export interface AttributeSchema {
  type: 'String' | 'Number' | 'List' | 'Json';
  description: string;
  /**
   * The properties whose in-place update can change this attribute (a group's MemberIds change
   * with its Count, not with its user data). Absent: any in-place update may change it, so a
   * planned update cannot know the attribute before it runs.
   */
  changesWith?: readonly string[];
}

export interface ResourceTypeSchema {
  typeName: string;
  description?: string;
  properties: Readonly<Record<string, PropertySchema>>;
  attributes: Readonly<Record<string, AttributeSchema>>;
  /**
   * `DeletionPolicy: Snapshot` means something for this type: stack deletion snapshots the object
   * before deleting it. Validation refuses the policy on every other type.
   */
  snapshotOnDelete?: boolean;
  /**
   * The objects this type creates carry CloudStack tags: the stack's own tags with its ownership
   * tags. A change set that changes the stack's tags shows these resources as modified in scope Tags.
   */
  carriesStackTags?: boolean;
  /**
   * `UpdatePolicy: {AutoScalingRollingUpdate: ...}` means something for this type: a group whose
   * members it replaces in batches. Validation refuses the policy on every other type.
   */
  rollingUpdates?: boolean;
  /**
   * `CreationPolicy: {MinSuccessfulMembersPercent: N}` (or AutoScalingCreationPolicy
   * MinSuccessfulInstancesPercent) means something for this type: a group that may complete with
   * a share of its members. Validation refuses it on every other type.
   */
  minimumMembers?: boolean;
  /**
   * A replacement cannot exist beside the object it replaces (CloudStack refuses a second rule
   * on the same address and ports, a second static NAT of an address): the update deletes the old
   * object first, and a rollback deletes the new one and creates the old properties again.
   */
  replaceByDeletingFirst?: boolean;
  /**
   * Why this particular change needs a new object although every changed property is Mutable,
   * or undefined when it can be made in place. E.g. a VirtualMachineGroup whose members render
   * the group's own ${PrivateIps}: a new Count changes every member's configuration (a ZooKeeper
   * ensemble), so the group is replaced. Pure: the change-set diff calls it without I/O.
   */
  replacementReason?(changed: string[], previous: Record<string, unknown>, next: Record<string, unknown>): string | undefined;
  /**
   * Accept any property and attribute name (nothing is type-checked). For pass-through types
   * whose shape is not known here, e.g. a permissive registry that only parses and evaluates.
   */
  open?: boolean;
  /**
   * For a property whose update behaviour depends on the resource's other values (a group whose
   * members render every member's IP cannot change Count in place) or on the resource's
   * UpdatePolicy (a group with a rolling update policy changes its members' properties in place):
   * the behaviour of this change, or undefined for the declared one. Pure; `after` holds only the
   * values known before the update runs; `resource.updatePolicy` is the one of the template the
   * stack is updated to, as CloudFormation applies the new template's policy.
   */
  updateBehaviorOf?(
    property: string,
    before: Readonly<Record<string, unknown>>,
    after: Readonly<Record<string, unknown>>,
    resource?: { updatePolicy?: UpdatePolicy },
  ): RefinedUpdateBehavior | undefined;
}
