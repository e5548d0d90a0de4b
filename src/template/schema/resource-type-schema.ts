/** The value types a resource property can declare. */
export type PropertyValueType = 'String' | 'Number' | 'Integer' | 'Boolean' | 'List' | 'Map' | 'Json';

/** What changing a property on update does to the resource (as CloudFormation documents it). */
export type UpdateBehavior = 'Mutable' | 'Replacement' | 'Immutable';

export interface PropertySchema {
  type: PropertyValueType;
  /** For List properties: the type every element must have. */
  itemType?: Exclude<PropertyValueType, 'List'>;
  required?: boolean;
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
}
