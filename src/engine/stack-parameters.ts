import type { StackParameter } from '../../entities';
import type { Template } from '../template';

/**
 * Every declared parameter with the value the stack uses: the one given, else the default. The
 * stack stores these, so that listStacks shows them all as DescribeStacks does (a parameter left
 * at its default included) and the stack's NoEcho defaults are known wherever it is shown.
 */
export function effectiveParameters(template: Template, given: readonly StackParameter[]): StackParameter[] {
  const values = new Map(given.map((p) => [p.key, p.value]));
  return Object.entries(template.parameters).flatMap(([key, definition]) => {
    const value = values.get(key) ?? definition.default;
    return value === undefined ? [] : [{ key, value }];
  });
}
