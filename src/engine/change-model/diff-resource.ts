import type { EvaluationContext, ReferenceResolver, TypeRegistry } from '../../template';
import type { ChangeScope, ModifyChange, RecordedResource } from './change-types';
import { classifyChange } from './classify-change';
import { declaredResource } from './declared-resource';
import { ownValue } from './own-value';
import { propertyChanges } from './property-changes';
import { sectionChanges } from './section-changes';
import { valuesEqual } from './values-equal';

export interface ResourceDiffInputs {
  record: RecordedResource;
  current: EvaluationContext;
  next: EvaluationContext;
  registry: TypeRegistry;
  /**
   * Ref and GetAtt after the update, where known. The plan passes planningResolver's; the engine,
   * reaching the resource during the update, can pass the live one and get only Static changes.
   */
  resolver: ReferenceResolver;
  /** Ref and GetAtt as they were: every recorded resource's id and attributes. */
  currentResolver: ReferenceResolver;
  changedParameters: ReadonlySet<string>;
}

const SCOPE_ORDER: readonly ChangeScope[] = ['Properties', 'Metadata', 'CreationPolicy', 'DeletionPolicy'];

/**
 * The Modify of one resource that exists and stays (same type), or undefined when nothing about
 * it changes. DependsOn is not compared: it orders operations and changes nothing by itself.
 */
export function diffResource(inputs: ResourceDiffInputs): ModifyChange | undefined {
  const { record, next } = inputs;
  const properties = propertyChanges({
    logicalId: record.logicalId,
    schema: inputs.registry.get(record.type),
    recorded: record.resolvedProperties,
    currentRaw: declaredResource(inputs.current, record.logicalId)?.properties,
    next,
    resolver: inputs.resolver,
    changedParameters: inputs.changedParameters,
  });
  const sections = sectionChanges({ ...inputs, logicalId: record.logicalId });
  const details = [...properties.flatMap((p) => p.details), ...sections];
  if (details.length === 0) return undefined;
  const present = new Set(details.map((d) => d.target.attribute));
  return {
    action: 'Modify',
    logicalId: record.logicalId,
    resourceType: record.type,
    physicalId: record.physicalId,
    ...classifyChange(properties),
    scope: SCOPE_ORDER.filter((scope) => present.has(scope)),
    details,
  };
}

/** The parameters whose value differs between the two operations. */
export function changedParameters(current: EvaluationContext, next: EvaluationContext): Set<string> {
  const names = new Set([...Object.keys(current.parameterValues), ...Object.keys(next.parameterValues)]);
  return new Set([...names].filter((name) => !valuesEqual(ownValue(current.parameterValues, name), ownValue(next.parameterValues, name))));
}
