/**
 * Whether a property keeps its value across an update, with CloudFormation's leniency about
 * scalar types: a template writes `Count: 3` where a parameter gives "3", and both reach
 * CloudStack as the same text, so they are equal.
 * - a number equals a string that parses to it (3 = "3" = "3.0"; "" and "  " are not numbers);
 * - a boolean equals the string "true" or "false" (any case);
 * - two strings, or two numbers, compare exactly ("3" and "3.0" differ: both were written so);
 * - lists compare in order (the first network is the default NIC; a handler that treats a list
 *   as a set diffs it itself);
 * - objects compare by key regardless of order, a key holding undefined counting as absent;
 * - null equals only null.
 */
export function valuesEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) || Array.isArray(right)) return listsEqual(left, right);
  if (isObject(left) || isObject(right)) return objectsEqual(left, right);
  return scalarsEqual(left, right);
}

function listsEqual(left: unknown, right: unknown): boolean {
  if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
  return left.every((item, index) => valuesEqual(item, right[index]));
}

function objectsEqual(left: unknown, right: unknown): boolean {
  if (!isObject(left) || !isObject(right)) return false;
  const leftKeys = definedKeys(left);
  const rightKeys = definedKeys(right);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && valuesEqual(left[key], right[key]));
}

function scalarsEqual(left: unknown, right: unknown): boolean {
  if (typeof left === 'number' && typeof right === 'string') return numberMatches(left, right);
  if (typeof left === 'string' && typeof right === 'number') return numberMatches(right, left);
  if (typeof left === 'boolean' && typeof right === 'string') return right.toLowerCase() === String(left);
  if (typeof left === 'string' && typeof right === 'boolean') return left.toLowerCase() === String(right);
  return false;
}

function numberMatches(value: number, text: string): boolean {
  return text.trim() !== '' && Number(text) === value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function definedKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined);
}
