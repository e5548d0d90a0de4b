import { ResourceRegistry } from '../../../../../src/resources/registry';
import {
  activeResources, buildDependencyGraph, createEvaluationContext, evaluateResourceProperties, loadTemplate, resolveParameters, TypeRegistry, validateTemplate,
} from '../../../../../src/template';
import type { EvaluationContext, ReferenceResolver, ResourceTypeSchema, TemplateObject, TemplateValue } from '../../../../../src/template';
import type { RecordedResource, RecordedStack } from '../../../../../src/engine/change-model';

export const REGISTRY = new ResourceRegistry().typeRegistry();

const PSEUDO = { stackName: 'demo', stackId: 'c0ffee00-0000-4000-8000-000000000001', region: 'eu-1', accountId: 'acc-1', zones: ['zone-a'] };

/** A template body (YAML or JSON), or a parsed template (no 51,200-byte cap, as from a stored S3-sized template). */
export function contextOf(body: string | TemplateObject, parameters: Record<string, string> = {}, registry: TypeRegistry = REGISTRY): EvaluationContext {
  const template = typeof body === 'string' ? loadTemplate(body, registry) : validateTemplate(body, registry);
  return createEvaluationContext({ template, parameterValues: resolveParameters(template, parameters), pseudo: PSEUDO });
}

/** An attribute value that names where it came from: `Web.PrivateIp`, or a two-item list. */
function fabricatedAttribute(logicalId: string, name: string, type: string): unknown {
  if (type === 'List') return [`${logicalId}.${name}.1`, `${logicalId}.${name}.2`];
  if (type === 'Number') return 2;
  return `${logicalId}.${name}`;
}

/**
 * The state a create of `context` would record, without CloudStack: every active resource
 * evaluated in dependency order against the ids and attributes of those before it.
 */
export function createdStack(context: EvaluationContext, registry: TypeRegistry = REGISTRY): RecordedStack {
  const rows = new Map<string, RecordedResource>();
  const resolver: ReferenceResolver = {
    ref: (id) => (rows.get(id)?.physicalId ?? undefined),
    getAtt: (id, attribute) => rows.get(id)?.attributes[attribute] as TemplateValue | undefined,
  };
  const active = activeResources(context);
  for (const logicalId of buildDependencyGraph(context.template, active).topologicalOrder()) {
    const type = context.template.resources[logicalId].type;
    const schema = registry.get(type) as ResourceTypeSchema;
    const properties = evaluateResourceProperties(context, logicalId, resolver);
    if (properties.status !== 'ready') throw new Error(`${logicalId} waits for ${JSON.stringify(properties.missing)}`);
    const attributes = Object.fromEntries(Object.entries(schema.attributes).map(([name, a]) => [name, fabricatedAttribute(logicalId, name, a.type)]));
    rows.set(logicalId, { logicalId, type, physicalId: `${logicalId}-id`, status: 'CREATE_COMPLETE', resolvedProperties: properties.value, attributes });
  }
  return { evaluation: context, resources: [...rows.values()] };
}

/** The real registry with one type's schema changed, for behaviours no type declares yet. */
export function registryWith(typeName: string, change: (schema: ResourceTypeSchema) => ResourceTypeSchema): TypeRegistry {
  return new TypeRegistry(REGISTRY.list().map((schema) => (schema.typeName === typeName ? change(schema) : schema)));
}
