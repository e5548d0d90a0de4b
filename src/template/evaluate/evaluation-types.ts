import type { Template } from '../model';
import type { TemplateValue } from '../template-value';

/** A resolved parameter: list types are lists of strings, everything else a string. */
export type ParameterValue = string | string[];

/**
 * Pseudo-parameter values with CloudStack meanings: `region` is the management server's region
 * name, `accountId` the caller's account UUID, `zones` the zone names the caller can use
 * (what Fn::GetAZs returns).
 */
export interface PseudoParameterValues {
  stackName: string;
  stackId: string;
  region: string;
  accountId: string;
  zones: string[];
  /** Default 'cloudstack'. */
  partition?: string;
  /** The service's domain, for templates that build URLs; default 'cloudstack.local'. */
  urlSuffix?: string;
  notificationArns?: string[];
}

export interface EvaluationContextOptions {
  template: Template;
  /** From resolveParameters: defaults applied and constraints checked. */
  parameterValues: Readonly<Record<string, ParameterValue>>;
  pseudo: PseudoParameterValues;
  /** Looks up another stack's export for Fn::ImportValue; undefined when there is no such export. */
  importValue?: (exportName: string) => string | undefined;
}

/** Everything evaluation needs that does not change while a stack operation runs. */
export interface EvaluationContext {
  readonly template: Template;
  readonly parameterValues: Readonly<Record<string, ParameterValue>>;
  readonly pseudo: Required<PseudoParameterValues>;
  readonly importValue: (exportName: string) => string | undefined;
  /** Every condition's value, evaluated once when the context is created. */
  readonly conditions: Readonly<Record<string, boolean>>;
}

/**
 * What the engine knows about resources so far. Returning undefined means "not known yet"
 * (the resource is not created, or the attribute not available): evaluation then reports the
 * reference as missing instead of guessing.
 */
export interface ReferenceResolver {
  ref(logicalId: string): TemplateValue | undefined;
  getAtt(logicalId: string, attribute: string): TemplateValue | undefined;
}

export interface MissingReference {
  logicalId: string;
  /** Absent for Ref. */
  attribute?: string;
}

export type EvaluationResult<T> = { status: 'ready'; value: T } | { status: 'waiting'; missing: MissingReference[] };
