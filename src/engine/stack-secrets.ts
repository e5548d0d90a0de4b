import type { Stack } from '../../entities';
import { SecretMasker } from '../logging';
import type { ParameterValue } from '../template';

function withItems(value: string): string[] {
  // A NoEcho list parameter's items reach messages one by one (Fn::Select, a CIDR list).
  const items = value.split(',').map((item) => item.trim());
  return items.length > 1 ? [value, ...items] : [value];
}

/**
 * The values of a stack's NoEcho parameters: the ones it stores (given or defaulted) and, when
 * the engine has evaluated the template, the resolved ones (defaults of stacks that stored only
 * the values given).
 */
export function noEchoValues(stack: Pick<Stack, 'noEchoKeys' | 'parameters'>, resolved: Readonly<Record<string, ParameterValue>> = {}): string[] {
  const hidden = new Set(stack.noEchoKeys);
  const values = stack.parameters.filter((p) => hidden.has(p.key)).flatMap((p) => withItems(p.value));
  for (const key of hidden) {
    const value = resolved[key];
    if (Array.isArray(value)) values.push(value.join(','), ...value);
    else if (value !== undefined) values.push(...withItems(value));
  }
  return values;
}

/** What hides a stack's NoEcho values in everything the engine writes or shows. */
export function stackMasker(stack: Pick<Stack, 'noEchoKeys' | 'parameters'>, resolved?: Readonly<Record<string, ParameterValue>>): SecretMasker {
  return new SecretMasker(noEchoValues(stack, resolved));
}
