import { TEMPLATE_LIMITS } from '../limits';
import { TemplateValidationError } from '../template-validation-error';
import type { TemplateValue } from '../template-value';

/**
 * Refuses a parsed template whose JSON form is larger than CloudFormation's largest template (1 MiB,
 * the limit for a template in S3). The body limit alone does not bound it: YAML aliases repeat their
 * anchor, so 100 aliases of a 45 KB anchor make 4.5 MB of template (and of stored outputs) from a
 * 50 KB body. The walk stops as soon as the limit is passed and never builds the JSON text;
 * strings are shared between aliases, so the parsed value itself is no bigger than the node count.
 */
export function assertExpandedSizeWithinLimit(value: TemplateValue): void {
  const limit = TEMPLATE_LIMITS.maxExpandedBytes;
  let bytes = 0;
  const pending: TemplateValue[] = [value];
  while (pending.length > 0) {
    const item = pending.pop() as TemplateValue;
    bytes += ownJsonBytes(item);
    if (bytes > limit) {
      throw TemplateValidationError.single('', `the template expands (YAML aliases) to more than ${limit} bytes as JSON; the maximum is ${limit}`);
    }
    // A loop, not push(...children): a list may hold more items than a call may take arguments.
    const children = Array.isArray(item) ? item : item !== null && typeof item === 'object' ? Object.values(item) : [];
    for (const child of children) pending.push(child);
  }
}

/** The bytes a value adds to compact JSON besides its children: brackets, commas, keys, scalars. */
function ownJsonBytes(value: TemplateValue): number {
  if (Array.isArray(value)) return 2 + Math.max(0, value.length - 1);
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    let bytes = 2 + Math.max(0, keys.length - 1);
    for (const key of keys) bytes += jsonBytes(key) + 1;
    return bytes;
  }
  return jsonBytes(value);
}

function jsonBytes(scalar: string | number | boolean | null): number {
  return Buffer.byteLength(JSON.stringify(scalar), 'utf8');
}
