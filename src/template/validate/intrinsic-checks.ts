import { intrinsicName, isKnownIntrinsic, parseSubString } from '../intrinsic';
import type { ProblemList } from '../problem';
import { isPseudoParameter } from '../pseudo-parameters';
import type { TemplateValue } from '../template-value';
import { childPath, describeType, isTemplateObject } from '../template-value';
import { checkAttributeReference } from './attribute-check';
import { checkFunctionArguments } from './intrinsic-arguments';
import type { ReferenceScope, ValueContext } from './reference-scope';

const NO_RESOURCES: Record<'condition' | 'cross-stack name', string> = {
  condition: 'conditions cannot refer to resources',
  'cross-stack name': 'an export name or an imported name cannot refer to resources',
};

/**
 * Walks a value and checks every intrinsic function in it: its argument shape and that each
 * name it refers to (parameter, resource, attribute, condition, mapping) exists.
 */
export function checkIntrinsics(value: TemplateValue, path: string, scope: ReferenceScope, context: ValueContext, problems: ProblemList): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkIntrinsics(item, childPath(path, index), scope, context, problems));
    return;
  }
  if (!isTemplateObject(value)) return;
  const name = intrinsicName(value) ?? (context === 'condition' ? conditionKey(value) : undefined);
  if (name === undefined) {
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('Fn::') || key === 'Ref') problems.add(childPath(path, key), `${key} must be the only key of its object`);
      checkIntrinsics(item, childPath(path, key), scope, context, problems);
    }
    return;
  }
  const functionPath = childPath(path, name);
  if (name === 'Condition') checkConditionName(value.Condition, functionPath, scope, problems);
  else if (!isKnownIntrinsic(name)) problems.add(functionPath, `unsupported intrinsic function ${name}`);
  else checkFunction(name, value[name], functionPath, scope, context, problems);
}

function conditionKey(value: Record<string, TemplateValue>): string | undefined {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'Condition' ? 'Condition' : undefined;
}

function checkFunction(name: string, args: TemplateValue, path: string, scope: ReferenceScope, context: ValueContext, problems: ProblemList): void {
  if (!checkFunctionArguments(name, args, path, problems)) return;
  switch (name) {
    case 'Fn::ImportValue':
      checkIntrinsics(args, path, scope, 'cross-stack name', problems);
      return;
    case 'Ref':
      checkRef(args as string, path, scope, context, problems);
      return;
    case 'Fn::GetAtt':
      checkGetAtt(args as TemplateValue[], path, scope, context, problems);
      return;
    case 'Fn::Sub':
      checkSub(args, path, scope, context, problems);
      return;
    case 'Fn::If':
      checkConditionName((args as TemplateValue[])[0], childPath(path, 0), scope, problems);
      (args as TemplateValue[]).slice(1).forEach((item, index) => checkIntrinsics(item, childPath(path, index + 1), scope, context, problems));
      return;
    case 'Fn::FindInMap':
      checkFindInMap(args as TemplateValue[], path, scope, context, problems);
      return;
    default:
      checkIntrinsics(args, path, scope, context, problems);
  }
}

function checkRef(target: string, path: string, scope: ReferenceScope, context: ValueContext, problems: ProblemList): void {
  if (scope.parameters.has(target) || isPseudoParameter(target)) return;
  if (scope.resourceTypes.has(target)) {
    if (context !== 'resource' && context !== 'output') problems.add(path, `${NO_RESOURCES[context]}, but this refers to '${target}'`);
    return;
  }
  problems.add(path, `Ref to '${target}', which is not a parameter, resource or pseudo-parameter`);
}

function checkGetAtt(args: TemplateValue[], path: string, scope: ReferenceScope, context: ValueContext, problems: ProblemList): void {
  const [logicalId, attribute] = args as [string, TemplateValue];
  if (context !== 'resource' && context !== 'output') {
    problems.add(path, `${NO_RESOURCES[context]}, but this refers to '${logicalId}'`);
    return;
  }
  checkAttributeReference(logicalId, typeof attribute === 'string' ? attribute : undefined, path, scope, problems);
  if (typeof attribute !== 'string') checkIntrinsics(attribute, childPath(path, 1), scope, context, problems);
}

function checkSub(args: TemplateValue, path: string, scope: ReferenceScope, context: ValueContext, problems: ProblemList): void {
  const [source, variables] = typeof args === 'string' ? [args, {}] : (args as [string, Record<string, TemplateValue>]);
  for (const [name, value] of Object.entries(variables)) checkIntrinsics(value, childPath(childPath(path, 1), name), scope, context, problems);
  for (const part of parseSubString(source)) {
    if (!('variable' in part) || Object.prototype.hasOwnProperty.call(variables, part.variable)) continue;
    const dot = part.variable.indexOf('.');
    if (dot < 0) checkRef(part.variable, path, scope, context, problems);
    else checkGetAtt([part.variable.slice(0, dot), part.variable.slice(dot + 1)], path, scope, context, problems);
  }
}

function checkFindInMap(args: TemplateValue[], path: string, scope: ReferenceScope, context: ValueContext, problems: ProblemList): void {
  args.forEach((item, index) => checkIntrinsics(item, childPath(path, index), scope, context, problems));
  const [mapName, topKey, secondKey] = args;
  if (typeof mapName !== 'string') return;
  const mapping = scope.mappings[mapName];
  if (!Object.prototype.hasOwnProperty.call(scope.mappings, mapName)) {
    problems.add(path, `Fn::FindInMap refers to mapping '${mapName}', which is not in Mappings`);
  } else if (typeof topKey === 'string' && typeof secondKey === 'string') {
    const entry = Object.prototype.hasOwnProperty.call(mapping, topKey) ? mapping[topKey] : undefined;
    if (entry === undefined) problems.add(path, `mapping '${mapName}' has no key '${topKey}'`);
    else if (!Object.prototype.hasOwnProperty.call(entry, secondKey)) problems.add(path, `mapping '${mapName}' has no key '${topKey}.${secondKey}'`);
  }
}

function checkConditionName(name: TemplateValue, path: string, scope: ReferenceScope, problems: ProblemList): void {
  if (typeof name !== 'string') problems.add(path, `expected a condition name, got ${describeType(name)}`);
  else if (!scope.conditions.has(name)) problems.add(path, `condition '${name}' is not defined in Conditions`);
}
