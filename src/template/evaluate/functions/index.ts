import { cidr } from './cidr';
import { and, equals, fnIf, not, or } from './condition-functions';
import type { FunctionImplementation } from './function-implementation';
import { base64, join, length, replace, select, split, toJsonString } from './list-and-string-functions';
import { findInMap, getAtt, getAZs, importValue, ref, sub } from './reference-functions';

/** `Condition` is here for condition contexts; elsewhere a {Condition: x} object is plain data. */
export const FUNCTION_IMPLEMENTATIONS: Readonly<Record<string, FunctionImplementation>> = {
  Ref: ref,
  'Fn::GetAtt': getAtt,
  'Fn::Sub': sub,
  'Fn::Join': join,
  'Fn::Select': select,
  'Fn::Split': split,
  'Fn::FindInMap': findInMap,
  'Fn::GetAZs': getAZs,
  'Fn::If': fnIf,
  'Fn::Equals': equals,
  'Fn::And': and,
  'Fn::Or': or,
  'Fn::Not': not,
  'Fn::Base64': base64,
  'Fn::Cidr': cidr,
  'Fn::ImportValue': importValue,
  'Fn::Length': length,
  'Fn::ToJsonString': toJsonString,
  'Fn::Replace': replace,
};
