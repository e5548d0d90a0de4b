import { TEMPLATE_LIMITS } from '../limits';
import { ProblemList } from '../problem';
import { TemplateValidationError } from '../template-validation-error';
import type { TemplateValue } from '../template-value';
import { childPath } from '../template-value';

/** Parses a JSON template, rejecting duplicate keys and excessive nesting that JSON.parse accepts. */
export function parseJsonTemplate(body: string): TemplateValue {
  let value: TemplateValue;
  try {
    value = JSON.parse(body) as TemplateValue;
  } catch (error) {
    throw TemplateValidationError.single('', `JSON not well-formed: ${(error as Error).message}`);
  }
  const problems = new ProblemList();
  scanStructure(body, problems);
  if (!problems.isEmpty) throw new TemplateValidationError(problems.problems);
  return value;
}

interface Frame {
  /** Keys seen so far; absent for arrays. */
  keys?: Set<string>;
  path: string;
  index: number;
  currentKey: string;
  expectKey: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Walks text already known to be valid JSON, so strings and brackets are well-formed. */
function scanStructure(body: string, problems: ProblemList): void {
  const stack: Frame[] = [];
  let line = 1;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === QUOTE) {
      const end = endOfString(body, i);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(body.slice(i, end + 1)) as string;
        if (top.keys.has(key)) problems.add(top.path, `duplicate key '${key}' (line ${line})`);
        top.keys.add(key);
        top.currentKey = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      const path = top === undefined ? '' : childPath(top.path, top.keys ? top.currentKey : top.index);
      if (stack.length >= TEMPLATE_LIMITS.maxNestingDepth) {
        throw TemplateValidationError.single(path, `nesting deeper than ${TEMPLATE_LIMITS.maxNestingDepth} levels`);
      }
      const isObject = c === 0x7b;
      stack.push({ keys: isObject ? new Set() : undefined, path, index: 0, currentKey: '', expectKey: isObject });
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c && top) {
      if (top.keys) top.expectKey = true;
      else top.index++;
    } else if (c === 0x0a) {
      line++;
    }
  }
}

function endOfString(body: string, start: number): number {
  for (let i = start + 1; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return body.length - 1;
}
