import { Document, isAlias, isMap, isScalar, isSeq } from 'yaml';
import { TEMPLATE_LIMITS } from '../limits';
import { setOwn } from '../object-builder';
import { TemplateValidationError } from '../template-validation-error';
import type { TemplateObject, TemplateValue } from '../template-value';
import { childPath } from '../template-value';
import { SHORT_FORM_FUNCTIONS } from './yaml-short-tags';

/** Converts a composed YAML document to plain template values, bounding alias expansion. */
export function yamlNodeToTemplateValue(document: Document.Parsed): TemplateValue {
  return new YamlConverter(document).convert(document.contents, '', 0);
}

class YamlConverter {
  private nodeCount = 0;
  private aliasCount = 0;

  constructor(private readonly document: Document.Parsed) {}

  convert(node: unknown, path: string, depth: number): TemplateValue {
    this.countNode(path, depth);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.convertAlias(node, path, depth);
    const tag = (node as { tag?: string }).tag;
    const value = this.convertUntagged(node, path, depth);
    return tag?.startsWith('!') && !tag.startsWith('!!') ? expandShortForm(tag, value, path) : value;
  }

  private countNode(path: string, depth: number): void {
    if (depth > TEMPLATE_LIMITS.maxNestingDepth) {
      throw TemplateValidationError.single(path, `nesting deeper than ${TEMPLATE_LIMITS.maxNestingDepth} levels`);
    }
    if (++this.nodeCount > TEMPLATE_LIMITS.maxExpandedNodes) {
      throw TemplateValidationError.single(path, `template expands to more than ${TEMPLATE_LIMITS.maxExpandedNodes} values (YAML aliases)`);
    }
  }

  private convertAlias(node: import('yaml').Alias, path: string, depth: number): TemplateValue {
    if (++this.aliasCount > TEMPLATE_LIMITS.maxYamlAliasCount) {
      throw TemplateValidationError.single(path, `more than ${TEMPLATE_LIMITS.maxYamlAliasCount} YAML aliases`);
    }
    const target = node.resolve(this.document);
    if (target === undefined) throw TemplateValidationError.single(path, `YAML alias *${node.source} has no anchor`);
    return this.convert(target, path, depth + 1);
  }

  private convertUntagged(node: unknown, path: string, depth: number): TemplateValue {
    if (isScalar(node)) return scalarValue(node.value, path);
    if (isSeq(node)) return node.items.map((item, index) => this.convert(item, childPath(path, index), depth + 1));
    if (isMap(node)) {
      const result: TemplateObject = {};
      for (const pair of node.items) {
        const key = this.keyOf(pair.key, path, depth);
        const itemPath = childPath(path, key);
        if (Object.prototype.hasOwnProperty.call(result, key)) throw TemplateValidationError.single(path, `duplicate key '${key}'`);
        setOwn(result, key, this.convert(pair.value, itemPath, depth + 1));
      }
      return result;
    }
    throw TemplateValidationError.single(path, 'unsupported YAML node');
  }

  private keyOf(key: unknown, path: string, depth: number): string {
    const value = this.convert(key, path, depth + 1);
    if (typeof value === 'object' && value !== null) {
      throw TemplateValidationError.single(path, 'mapping keys must be scalars');
    }
    return String(value);
  }
}

function scalarValue(value: unknown, path: string): TemplateValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  throw TemplateValidationError.single(path, `unsupported YAML scalar of type ${typeof value}`);
}

function expandShortForm(tag: string, value: TemplateValue, path: string): TemplateValue {
  const shortName = tag.slice(1);
  const longName = SHORT_FORM_FUNCTIONS[shortName];
  if (!Object.prototype.hasOwnProperty.call(SHORT_FORM_FUNCTIONS, shortName)) {
    throw TemplateValidationError.single(path, `unknown YAML tag ${tag}`);
  }
  if ((shortName === 'Ref' || shortName === 'Condition') && typeof value !== 'string') {
    throw TemplateValidationError.single(path, `${tag} expects a name, not ${Array.isArray(value) ? 'a list' : 'an object'}`);
  }
  if (shortName === 'GetAtt' && typeof value === 'string') return { [longName]: splitGetAtt(value, path) };
  return { [longName]: value };
}

/** `!GetAtt Group.PrivateIps` splits at the first dot only: attribute names may contain dots. */
function splitGetAtt(source: string, path: string): string[] {
  const dot = source.indexOf('.');
  if (dot <= 0 || dot === source.length - 1) {
    throw TemplateValidationError.single(path, `!GetAtt expects LogicalId.Attribute, got '${source}'`);
  }
  return [source.slice(0, dot), source.slice(dot + 1)];
}
