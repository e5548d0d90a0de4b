import { intrinsicName } from '../intrinsic';
import type { ProblemList } from '../problem';
import type { TemplateValue } from '../template-value';
import { describeType, isTemplateObject } from '../template-value';

type ArgumentCheck = (args: TemplateValue) => string | undefined;

const isCall = (value: TemplateValue): boolean => intrinsicName(value) !== undefined;
const isStringOrCall = (value: TemplateValue): boolean => typeof value === 'string' || isCall(value);
const isListOrCall = (value: TemplateValue): boolean => Array.isArray(value) || isCall(value);

function listOf(length: number, expectation: string, items?: Array<(value: TemplateValue) => boolean>): ArgumentCheck {
  return (args) => {
    if (!Array.isArray(args) || args.length !== length) return expectation;
    return items && !items.every((check, index) => check(args[index])) ? expectation : undefined;
  };
}

function listBetween(min: number, max: number, expectation: string): ArgumentCheck {
  return (args) => (Array.isArray(args) && args.length >= min && args.length <= max ? undefined : expectation);
}

function single(check: (value: TemplateValue) => boolean, expectation: string): ArgumentCheck {
  return (args) => (check(args) ? undefined : expectation);
}

/** The argument shapes CloudFormation documents for each function. */
const ARGUMENT_CHECKS: Record<string, ArgumentCheck> = {
  Ref: single((v) => typeof v === 'string' && v !== '', 'expected the name of a parameter, resource or pseudo-parameter'),
  'Fn::GetAtt': listOf(2, 'expected [LogicalId, AttributeName]', [(v) => typeof v === 'string', isStringOrCall]),
  'Fn::Sub': (args) => {
    if (typeof args === 'string') return undefined;
    const ok = Array.isArray(args) && args.length === 2 && typeof args[0] === 'string' && isTemplateObject(args[1]) && !isCall(args[1]);
    return ok ? undefined : 'expected a string, or [String, {Variable: Value, ...}]';
  },
  'Fn::Join': listOf(2, 'expected [Delimiter, [Value, ...]]', [(v) => typeof v === 'string', isListOrCall]),
  'Fn::Select': listOf(2, 'expected [Index, [Value, ...]]', [(v) => typeof v === 'number' || isStringOrCall(v), isListOrCall]),
  'Fn::Split': listOf(2, 'expected [Delimiter, String]', [(v) => typeof v === 'string', isStringOrCall]),
  'Fn::FindInMap': listOf(3, 'expected [MapName, TopLevelKey, SecondLevelKey]', [isStringOrCall, isStringOrCall, isStringOrCall]),
  'Fn::GetAZs': single(isStringOrCall, "expected a region name or '' for the stack's region"),
  'Fn::If': listOf(3, 'expected [ConditionName, ValueIfTrue, ValueIfFalse]', [(v) => typeof v === 'string', () => true, () => true]),
  'Fn::Equals': listOf(2, 'expected [Value1, Value2]'),
  'Fn::And': listBetween(2, 10, 'expected a list of 2 to 10 conditions'),
  'Fn::Or': listBetween(2, 10, 'expected a list of 2 to 10 conditions'),
  'Fn::Not': listOf(1, 'expected a list of one condition'),
  'Fn::Base64': single((v) => isStringOrCall(v), 'expected a string'),
  'Fn::Cidr': listOf(3, 'expected [IpBlock, Count, CidrBits]'),
  'Fn::ImportValue': single(isStringOrCall, 'expected the name of an exported output'),
  'Fn::Length': single(isListOrCall, 'expected a list'),
  'Fn::ToJsonString': single((v) => isTemplateObject(v) || Array.isArray(v), 'expected an object or a list'),
  'Fn::Replace': listOf(2, 'expected [{Search: Replacement, ...}, String]', [(v) => isTemplateObject(v) && !isCall(v), isStringOrCall]),
};

/** Reports a malformed call at its path; returns whether the arguments have the documented shape. */
export function checkFunctionArguments(name: string, args: TemplateValue, path: string, problems: ProblemList): boolean {
  const check = ARGUMENT_CHECKS[name];
  const expectation = check?.(args);
  if (expectation === undefined) return true;
  problems.add(path, `${expectation}, got ${describeArguments(args)}`);
  return false;
}

function describeArguments(args: TemplateValue): string {
  if (Array.isArray(args)) return `a list of ${args.length}`;
  return describeType(args);
}
