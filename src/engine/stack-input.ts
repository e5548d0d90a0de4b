import { ValidationError } from '../errors';
import type { OnFailure, StackParameter, StackTag } from '../../entities';

export interface CreateStackInput {
  name: string;
  templateBody: string;
  parameters: StackParameter[];
  onFailure: OnFailure;
  timeoutInMinutes: number | null;
  tags: StackTag[];
  zoneId: string | null;
  /** While set the stack cannot be deleted; off unless asked for. */
  terminationProtection?: boolean;
}

// CloudFormation's rule for stack names, which also keeps them usable inside VM hostnames.
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const ON_FAILURE: readonly OnFailure[] = ['ROLLBACK', 'DO_NOTHING', 'DELETE'];

export function checkStackName(name: string): void {
  if (!STACK_NAME.test(name)) {
    throw new ValidationError(`Invalid parameter name value=${name}: a stack name starts with a letter and contains only letters, digits and hyphens (at most 128 characters)`);
  }
}

export function parseOnFailure(value: string | undefined): OnFailure {
  if (value === undefined) return 'ROLLBACK';
  const upper = value.toUpperCase() as OnFailure;
  if (!ON_FAILURE.includes(upper)) throw new ValidationError(`Invalid parameter onfailure value=${value}: expected one of ROLLBACK, DO_NOTHING, DELETE`);
  return upper;
}

export function parseTimeout(value: number | undefined): number | null {
  if (value === undefined) return null;
  if (!Number.isInteger(value) || value < 1) throw new ValidationError(`Invalid parameter timeoutinminutes value=${value}: expected a positive number of minutes`);
  return value;
}

/** Entries of a CloudStack map parameter as key/value pairs; every entry needs both. */
export function keyValueEntries(name: string, entries: Array<Record<string, string>> | undefined): Array<{ key: string; value: string }> {
  return (entries ?? []).map((entry, index) => {
    if (entry.key === undefined || entry.value === undefined) {
      throw new ValidationError(`Invalid parameter ${name}[${index}]: expected both ${name}[${index}].key and ${name}[${index}].value`);
    }
    return { key: entry.key, value: entry.value };
  });
}
