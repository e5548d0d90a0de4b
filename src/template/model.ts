import type { TemplateObject, TemplateValue } from './template-value';

/** A parameter definition after validation, with numeric constraints as numbers. */
export interface ParameterDefinition {
  type: string;
  description?: string;
  default?: string;
  allowedValues?: string[];
  allowedPattern?: string;
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  constraintDescription?: string;
  noEcho: boolean;
}

export type DeletionPolicy = 'Delete' | 'Retain' | 'Snapshot';

/**
 * UpdatePolicy AutoScalingRollingUpdate, validated (AWS's names and defaults): a change to what
 * every member of a group renders replaces the members in batches instead of the whole group.
 */
export interface RollingUpdatePolicy {
  /** Members replaced at once (MaxBatchSize, default 1). */
  maxBatchSize: number;
  /** Members kept in service while the others are replaced (MinInstancesInService, default 0). */
  minInstancesInService: number;
  /** The wait after each batch but the last (PauseTime, an ISO 8601 duration, default PT0S). */
  pauseTimeSeconds: number;
}

export interface UpdatePolicy {
  autoScalingRollingUpdate: RollingUpdatePolicy;
}

export interface ResourceDefinition {
  type: string;
  properties: TemplateObject;
  dependsOn: string[];
  condition?: string;
  deletionPolicy: DeletionPolicy;
  /** What happens to the old object when an update replaces this resource (CloudFormation's UpdateReplacePolicy). */
  updateReplacePolicy: DeletionPolicy;
  creationPolicy?: TemplateObject;
  metadata?: TemplateValue;
  /** How an in-place update of the resource proceeds; only groups that roll their members have one. */
  updatePolicy?: UpdatePolicy;
}

export interface OutputDefinition {
  value: TemplateValue;
  description?: TemplateValue;
  condition?: string;
  exportName?: TemplateValue;
}

export interface RuleAssertion {
  assert: TemplateValue;
  description?: string;
}

/** A rule of the Rules section: its assertions must hold when its condition does (or when it has none). */
export interface RuleDefinition {
  condition?: TemplateValue;
  assertions: RuleAssertion[];
}

/** A template that passed validation: every section present (possibly empty) and well-shaped. */
export interface Template {
  formatVersion?: string;
  description?: string;
  metadata?: TemplateValue;
  parameters: Record<string, ParameterDefinition>;
  rules: Record<string, RuleDefinition>;
  mappings: Record<string, Record<string, TemplateObject>>;
  conditions: Record<string, TemplateValue>;
  resources: Record<string, ResourceDefinition>;
  outputs: Record<string, OutputDefinition>;
}
