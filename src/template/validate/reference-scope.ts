import type { TemplateObject } from '../template-value';
import type { TypeRegistry } from '../schema/type-registry';

/** The names a value inside the template may refer to. */
export interface ReferenceScope {
  parameters: ReadonlySet<string>;
  /** Logical id → resource type. */
  resourceTypes: ReadonlyMap<string, string>;
  conditions: ReadonlySet<string>;
  mappings: Readonly<Record<string, Record<string, TemplateObject>>>;
  registry: TypeRegistry;
}

/**
 * Where a value sits decides what it may use: conditions cannot depend on resources, and neither
 * can an export's name or an import's (both must be known before any resource exists).
 */
export type ValueContext = 'resource' | 'output' | 'condition' | 'cross-stack name';
