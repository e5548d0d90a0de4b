import { isAlias, isMap, isScalar, isSeq, parseDocument, type CollectionTag, type Document, type ScalarTag } from 'yaml';

/**
 * Just enough of a template for the console: its resources with what each depends on (the
 * edges of the graph) and its parameter declarations. The service validates templates; this
 * reading is lenient and never refuses one.
 */
export interface TemplateResource {
  type: string;
  dependsOn: string[];
  condition?: string;
}

export interface TemplateModel {
  resources: Record<string, TemplateResource>;
}

const SHORT_FORMS: Record<string, string> = {
  Ref: 'Ref', Condition: 'Condition', GetAtt: 'Fn::GetAtt', Sub: 'Fn::Sub', Join: 'Fn::Join', Select: 'Fn::Select',
  Split: 'Fn::Split', FindInMap: 'Fn::FindInMap', GetAZs: 'Fn::GetAZs', If: 'Fn::If', Equals: 'Fn::Equals', And: 'Fn::And',
  Or: 'Fn::Or', Not: 'Fn::Not', Base64: 'Fn::Base64', Cidr: 'Fn::Cidr', ImportValue: 'Fn::ImportValue', Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
};

/** The tags are only registered so the parser keeps them on the nodes; toValue expands them. */
function shortFormTags(): Array<ScalarTag | CollectionTag> {
  return Object.keys(SHORT_FORMS).flatMap((name) => [
    { tag: `!${name}`, resolve: (source: string) => source } as ScalarTag,
    { tag: `!${name}`, collection: 'seq' } as CollectionTag,
    { tag: `!${name}`, collection: 'map' } as CollectionTag,
  ]);
}

function toValue(node: unknown, doc: Document, depth = 0): unknown {
  if (depth > 64) return null;
  if (isAlias(node)) return toValue(node.resolve(doc), doc, depth + 1);
  let value: unknown;
  if (isScalar(node)) value = node.value;
  else if (isSeq(node)) value = node.items.map((item) => toValue(item, doc, depth + 1));
  else if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) out[String(toValue(pair.key, doc, depth + 1))] = toValue(pair.value, doc, depth + 1);
    value = out;
  } else return null;
  const tag = (node as { tag?: string }).tag;
  const long = tag?.startsWith('!') ? SHORT_FORMS[tag.slice(1)] : undefined;
  if (!long) return value;
  if (long === 'Fn::GetAtt' && typeof value === 'string') return { [long]: [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)] };
  return { [long]: value };
}

/** The logical ids an expression refers to: Ref, Fn::GetAtt and the ${Name} / ${Name.Attr} of Fn::Sub. */
export function referencedNames(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => referencedNames(item, into));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') into.add(inner);
      else if (key === 'Fn::GetAtt' && Array.isArray(inner) && typeof inner[0] === 'string') into.add(inner[0]);
      else if (key === 'Fn::GetAtt' && typeof inner === 'string') into.add(inner.split('.')[0]);
      else if (key === 'Fn::Sub') {
        const source = Array.isArray(inner) ? inner[0] : inner;
        if (typeof source === 'string') for (const match of source.matchAll(/\$\{([^!}][^}.]*)(?:\.[^}]*)?\}/g)) into.add(match[1].trim());
        if (Array.isArray(inner)) referencedNames(inner[1], into);
      } else referencedNames(inner, into);
    }
  }
  return into;
}

export function parseTemplate(body: string): TemplateModel {
  const doc = parseDocument(body, { customTags: shortFormTags(), uniqueKeys: false });
  const root = toValue(doc.contents, doc) as Record<string, any> | null;
  const declared = (root && typeof root.Resources === 'object' && root.Resources) || {};
  const names = new Set(Object.keys(declared));
  const resources: Record<string, TemplateResource> = {};
  for (const [name, definition] of Object.entries<any>(declared)) {
    const explicit = definition?.DependsOn === undefined ? [] : ([] as unknown[]).concat(definition.DependsOn).map(String);
    const implicit = referencedNames(definition?.Properties);
    const dependsOn = [...new Set([...explicit, ...implicit])].filter((other) => other !== name && names.has(other));
    resources[name] = { type: String(definition?.Type ?? ''), dependsOn, condition: typeof definition?.Condition === 'string' ? definition.Condition : undefined };
  }
  return { resources };
}
