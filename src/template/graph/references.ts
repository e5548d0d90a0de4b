import { intrinsicName, parseSubString } from '../intrinsic';
import type { TemplateValue } from '../template-value';
import { isTemplateObject } from '../template-value';

/**
 * The logical ids a value refers to through Ref, Fn::GetAtt and Fn::Sub (both branches of an
 * Fn::If count, as in CloudFormation: the graph is static). Non-resource names are kept too;
 * callers intersect with the resource ids they care about.
 */
export function referencedNames(value: TemplateValue, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedNames(item, into);
    return into;
  }
  if (!isTemplateObject(value)) return into;
  const name = intrinsicName(value);
  const args = name === undefined ? undefined : value[name];
  if (name === 'Ref' && typeof args === 'string') into.add(args);
  else if (name === 'Fn::GetAtt' && Array.isArray(args) && typeof args[0] === 'string') {
    into.add(args[0]);
    referencedNames(args.slice(1), into);
  } else if (name === 'Fn::Sub') addSubReferences(args as TemplateValue, into);
  else for (const item of Object.values(value)) referencedNames(item, into);
  return into;
}

function addSubReferences(args: TemplateValue, into: Set<string>): void {
  const [source, variables] = typeof args === 'string' ? [args, {}] : Array.isArray(args) ? [args[0], args[1]] : [undefined, undefined];
  const bound = isTemplateObject(variables) ? variables : {};
  referencedNames(bound, into);
  if (typeof source !== 'string') return;
  for (const part of parseSubString(source)) {
    if (!('variable' in part) || Object.prototype.hasOwnProperty.call(bound, part.variable)) continue;
    const dot = part.variable.indexOf('.');
    into.add(dot < 0 ? part.variable : part.variable.slice(0, dot));
  }
}
