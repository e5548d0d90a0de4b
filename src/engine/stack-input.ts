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
  /** AWS's ClientRequestToken: the create's events carry it (Stack.clientRequestToken). */
  clientRequestToken?: string;
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

/** CloudFormation's bounds on a stack's tags, which the stack copies onto every object it creates. */
const MAX_STACK_TAGS = 50;
const MAX_TAG_KEY = 128;
const MAX_TAG_VALUE = 256;
/** `aws:` is AWS's own; `csf:` keys are the ownership tags the service puts on what it creates. */
const RESERVED_TAG_PREFIXES = ['aws:', 'csf:'];

export function checkStackTags(tags: readonly StackTag[]): void {
  if (tags.length > MAX_STACK_TAGS) throw new ValidationError(`Invalid parameter tags: at most ${MAX_STACK_TAGS} tags, got ${tags.length}`);
  const seen = new Set<string>();
  tags.forEach(({ key, value }, index) => {
    if (key.length === 0 || key.length > MAX_TAG_KEY) throw new ValidationError(`Invalid parameter tags[${index}].key: expected 1 to ${MAX_TAG_KEY} characters`);
    // CloudStack refuses a tag without a value, and the stack puts its tags on what it creates.
    if (value.length === 0 || value.length > MAX_TAG_VALUE) throw new ValidationError(`Invalid parameter tags[${index}].value: expected 1 to ${MAX_TAG_VALUE} characters (CloudStack refuses an empty tag value)`);
    const reserved = RESERVED_TAG_PREFIXES.find((prefix) => key.toLowerCase().startsWith(prefix));
    if (reserved) throw new ValidationError(`Invalid parameter tags[${index}].key value=${key}: keys starting with ${reserved} are reserved`);
    if (seen.has(key)) throw new ValidationError(`Invalid parameter tags[${index}].key value=${key}: the key is given twice`);
    seen.add(key);
  });
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
