import type { TemplateValue } from './template-value';
import { isTemplateObject, soleKey } from './template-value';

/** Every intrinsic function the evaluator implements. `Fn::Replace` is Heat's, kept for its CFN templates. */
export const INTRINSIC_FUNCTIONS = [
  'Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::FindInMap', 'Fn::GetAZs',
  'Fn::If', 'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::Base64', 'Fn::Cidr', 'Fn::ImportValue',
  'Fn::Length', 'Fn::ToJsonString', 'Fn::Replace',
] as const;

export type IntrinsicName = (typeof INTRINSIC_FUNCTIONS)[number];

const INTRINSIC_SET: ReadonlySet<string> = new Set(INTRINSIC_FUNCTIONS);

/** The function name when `value` is an intrinsic call (a one-key object keyed `Ref` or `Fn::*`). */
export function intrinsicName(value: TemplateValue): string | undefined {
  if (!isTemplateObject(value)) return undefined;
  const key = soleKey(value);
  return key !== undefined && (key === 'Ref' || key.startsWith('Fn::')) ? key : undefined;
}

export function isKnownIntrinsic(name: string): name is IntrinsicName {
  return INTRINSIC_SET.has(name);
}

export type SubPart = { literal: string } | { variable: string };

/**
 * Splits a Fn::Sub string into literals and `${...}` variables; `${!Literal}` stays literal text
 * `${Literal}`, as CloudFormation does. An unclosed `${` is literal too.
 */
export function parseSubString(source: string): SubPart[] {
  const parts: SubPart[] = [];
  let literal = '';
  let position = 0;
  while (position < source.length) {
    const start = source.indexOf('${', position);
    const end = start < 0 ? -1 : source.indexOf('}', start + 2);
    if (start < 0 || end < 0) break;
    literal += source.slice(position, start);
    const inner = source.slice(start + 2, end);
    if (inner.startsWith('!')) {
      literal += `\${${inner.slice(1)}}`;
    } else {
      if (literal !== '') parts.push({ literal });
      literal = '';
      parts.push({ variable: inner.trim() });
    }
    position = end + 1;
  }
  literal += source.slice(position);
  if (literal !== '') parts.push({ literal });
  return parts;
}
