/**
 * Compiles an AllowedPattern the way CloudFormation applies it (the whole value must match).
 * Returns an error message instead when the pattern is invalid or can backtrack exponentially:
 * JavaScript regexes cannot be interrupted, so a pattern such as `(a+)+$` would hang the service.
 */
export function compileAllowedPattern(pattern: string): RegExp | string {
  if (hasNestedUnboundedQuantifier(pattern)) {
    return 'AllowedPattern nests an unbounded quantifier inside another (e.g. (a+)+), which can take exponential time';
  }
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch (error) {
    return `AllowedPattern is not a valid regular expression: ${(error as Error).message}`;
  }
}

/** A group repeated without bound that itself repeats something without bound. */
function hasNestedUnboundedQuantifier(pattern: string): boolean {
  const groupHasUnbounded: boolean[] = [];
  let lastClosedGroupHadUnbounded = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      lastClosedGroupHadUnbounded = false;
    } else if (c === '[') {
      i = endOfCharacterClass(pattern, i);
      lastClosedGroupHadUnbounded = false;
    } else if (c === '(') {
      groupHasUnbounded.push(false);
    } else if (c === ')') {
      lastClosedGroupHadUnbounded = groupHasUnbounded.pop() ?? false;
      if (lastClosedGroupHadUnbounded) markEnclosingGroup(groupHasUnbounded);
      continue;
    } else if (isUnboundedQuantifierAt(pattern, i)) {
      if (lastClosedGroupHadUnbounded) return true;
      markEnclosingGroup(groupHasUnbounded);
    }
    lastClosedGroupHadUnbounded = false;
  }
  return false;
}

function markEnclosingGroup(groupHasUnbounded: boolean[]): void {
  if (groupHasUnbounded.length > 0) groupHasUnbounded[groupHasUnbounded.length - 1] = true;
}

function isUnboundedQuantifierAt(pattern: string, index: number): boolean {
  const c = pattern[index];
  if (c === '*' || c === '+') return true;
  return c === '{' && /^\{\d*,\}/.test(pattern.slice(index, index + 12));
}

function endOfCharacterClass(pattern: string, start: number): number {
  for (let i = start + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']' && i > start + 1) return i;
  }
  return pattern.length;
}
