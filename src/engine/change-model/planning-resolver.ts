import type { ReferenceResolver, TemplateValue, TypeRegistry } from '../../template';
import { REF_ATTRIBUTE } from '../../resources/ref-attribute';
import type { RecordedResource } from './change-types';
import { ownValue } from './own-value';

/** What the diff has decided about a resource, as far as references to it are concerned. */
export type PlannedState =
  | { kind: 'added' }
  /** Replaced, or maybe replaced (Conditional): its id and attributes exist only after the update. */
  | { kind: 'replaced' }
  /** Updated in place: the properties that change or may change. */
  | { kind: 'modified'; properties: ReadonlySet<string> };

/**
 * Ref and Fn::GetAtt as they will be after the update, where that is known now: the recorded
 * value of a resource that keeps its object. A new or replaced resource has no id yet, and an
 * attribute of a resource updated in place is unknown unless its schema says that none of the
 * changed properties can change it. Unknown answers make the evaluation wait, which the diff
 * reports as a Dynamic change. A resource without a planned state is unchanged.
 */
export function planningResolver(
  recorded: ReadonlyMap<string, RecordedResource>,
  planned: ReadonlyMap<string, PlannedState>,
  registry: TypeRegistry,
): ReferenceResolver {
  const keeping = (logicalId: string) => {
    const state = planned.get(logicalId);
    return state?.kind === 'added' || state?.kind === 'replaced' ? undefined : recorded.get(logicalId);
  };
  return {
    ref(logicalId) {
      const record = keeping(logicalId);
      if (!record) return undefined;
      return (ownValue(record.attributes, REF_ATTRIBUTE) as TemplateValue | undefined) ?? record.physicalId ?? undefined;
    },
    getAtt(logicalId, attribute) {
      const record = keeping(logicalId);
      if (!record || attribute === REF_ATTRIBUTE) return undefined;
      const state = planned.get(logicalId);
      if (state?.kind === 'modified' && mayChange(registry, record.type, attribute, state.properties)) return undefined;
      return ownValue(record.attributes, attribute) as TemplateValue | undefined;
    },
  };
}

function mayChange(registry: TypeRegistry, type: string, attribute: string, changed: ReadonlySet<string>): boolean {
  const declared = ownValue(registry.get(type)?.attributes, attribute)?.changesWith;
  return declared === undefined || declared.some((property) => changed.has(property));
}
