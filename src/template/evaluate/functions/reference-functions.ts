import { parseSubString } from '../../intrinsic';
import type { TemplateValue } from '../../template-value';
import { describeType, isTemplateObject } from '../../template-value';
import type { Evaluator } from '../evaluator';
import type { Evaluated } from '../sentinels';
import { MISSING } from '../sentinels';
import { asString } from './as-types';
import type { FunctionImplementation } from './function-implementation';
import { resolveAttribute, resolveName } from './resolve-name';

export const ref: FunctionImplementation = (args, path, evaluator) => resolveName(asString(args, path, evaluator, 'Ref'), path, evaluator);

export const getAtt: FunctionImplementation = (args, path, evaluator) => {
  const [logicalId, attributeArg] = args as [string, TemplateValue];
  const attribute = evaluator.argument(attributeArg, `${path}[1]`);
  if (attribute === MISSING) return MISSING;
  return resolveAttribute(logicalId, asString(attribute as TemplateValue, path, evaluator, 'Fn::GetAtt attribute name'), path, evaluator);
};

export const sub: FunctionImplementation = (args, path, evaluator) => {
  const [source, variables] = typeof args === 'string' ? [args, {}] : (args as [string, Record<string, TemplateValue>]);
  const bound = new Map<string, Evaluated>();
  for (const [name, value] of Object.entries(variables)) bound.set(name, evaluator.argument(value, `${path}[1].${name}`));
  let result = '';
  let waiting = false;
  for (const part of parseSubString(source)) {
    if ('literal' in part) {
      result += part.literal;
      continue;
    }
    const value = bound.has(part.variable) ? bound.get(part.variable) : substitute(part.variable, path, evaluator);
    if (value === MISSING) waiting = true;
    else result += asString(value as TemplateValue, path, evaluator, `Fn::Sub variable \${${part.variable}}`);
  }
  return waiting ? MISSING : result;
};

function substitute(variable: string, path: string, evaluator: Evaluator): Evaluated {
  const dot = variable.indexOf('.');
  if (dot < 0) return resolveName(variable, path, evaluator);
  return resolveAttribute(variable.slice(0, dot), variable.slice(dot + 1), path, evaluator);
}

/** `Fn::GetAZs` lists the zones the caller can use, for '' or the stack's own region. */
export const getAZs: FunctionImplementation = (args, path, evaluator) => {
  const region = evaluator.argument(args, path);
  if (region === MISSING) return MISSING;
  const name = asString(region as TemplateValue, path, evaluator, 'Fn::GetAZs region');
  const own = evaluator.context.pseudo.region;
  if (name !== '' && name !== own) return evaluator.fail(path, `zones are known only for this region ('${own}'), not '${name}'`);
  return [...evaluator.context.pseudo.zones];
};

export const importValue: FunctionImplementation = (args, path, evaluator) => {
  const name = evaluator.argument(args, path);
  if (name === MISSING) return MISSING;
  const exportName = asString(name as TemplateValue, path, evaluator, 'Fn::ImportValue');
  const value = evaluator.context.importValue(exportName);
  return value ?? evaluator.fail(path, `No export named ${exportName} found.`);
};

export const findInMap: FunctionImplementation = (args, path, evaluator) => {
  const keys = (args as TemplateValue[]).map((item, index) => evaluator.argument(item, `${path}[${index}]`));
  if (keys.includes(MISSING)) return MISSING;
  const [mapName, topKey, secondKey] = keys.map((key) => asString(key as TemplateValue, path, evaluator, 'Fn::FindInMap key'));
  const mappings = evaluator.context.template.mappings;
  const mapping = Object.prototype.hasOwnProperty.call(mappings, mapName) ? mappings[mapName] : undefined;
  if (mapping === undefined) return evaluator.fail(path, `mapping '${mapName}' is not in Mappings`);
  const entry = Object.prototype.hasOwnProperty.call(mapping, topKey) ? mapping[topKey] : undefined;
  if (!isTemplateObject(entry)) return evaluator.fail(path, `mapping '${mapName}' has no key '${topKey}'`);
  if (!Object.prototype.hasOwnProperty.call(entry, secondKey)) return evaluator.fail(path, `mapping '${mapName}' has no key '${topKey}.${secondKey}'`);
  const value = entry[secondKey];
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return evaluator.fail(path, `mapping value is ${describeType(value)}`);
  return value;
};
