import { intrinsicName } from '../intrinsic';
import type { ProblemList } from '../problem';
import type { PropertySchema, PropertyValueType } from '../schema/resource-type-schema';
import type { TemplateValue } from '../template-value';
import { childPath, describeType, isTemplateObject } from '../template-value';

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Type-checks a literal property value. Intrinsic calls are accepted wherever a value is expected:
 * their result is only known at evaluation time.
 */
export function checkPropertyValue(value: TemplateValue, schema: PropertySchema, path: string, problems: ProblemList): void {
  if (intrinsicName(value) !== undefined) return;
  if (schema.type === 'List') {
    if (!Array.isArray(value)) {
      problems.add(path, `expected a list${schema.itemType ? ` of ${schema.itemType}` : ''}, got ${describeType(value)}`);
      return;
    }
    const itemType = schema.itemType;
    if (itemType) value.forEach((item, index) => checkScalar(item, itemType, childPath(path, index), problems));
    return;
  }
  if (checkScalar(value, schema.type, path, problems)) checkRange(value, schema, path, problems);
}

/** A literal number outside the property's range: refused before anything is created. */
function checkRange(value: TemplateValue, schema: PropertySchema, path: string, problems: ProblemList): void {
  if (!schema.range || intrinsicName(value) !== undefined) return;
  const { minimum, maximum } = schema.range;
  const number = Number(value);
  if (number < minimum || number > maximum) problems.add(path, `expected ${EXPECTATIONS[schema.type]} from ${minimum} to ${maximum}, got ${describeValue(value)}`);
}

/** Whether the value has the type (or is an intrinsic call, known only when evaluated). */
function checkScalar(value: TemplateValue, type: PropertyValueType, path: string, problems: ProblemList): boolean {
  if (intrinsicName(value) !== undefined || matches(value, type)) return true;
  problems.add(path, `expected ${EXPECTATIONS[type]}, got ${describeValue(value)}`);
  return false;
}

const EXPECTATIONS: Record<PropertyValueType, string> = {
  String: 'a string',
  Number: 'a number',
  Integer: 'an integer',
  Boolean: 'a boolean (true or false)',
  List: 'a list',
  Map: 'an object',
  Json: 'a JSON object or string',
};

function matches(value: TemplateValue, type: PropertyValueType): boolean {
  switch (type) {
    case 'String':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    case 'Number':
      return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && NUMBER_TEXT.test(value));
    case 'Integer':
      return (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && INTEGER_TEXT.test(value));
    case 'Boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false';
    case 'List':
      return Array.isArray(value);
    case 'Map':
      return isTemplateObject(value);
    case 'Json':
      return isTemplateObject(value) || Array.isArray(value) || typeof value === 'string';
  }
}

function describeValue(value: TemplateValue): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? JSON.stringify(value) : describeType(value);
}
