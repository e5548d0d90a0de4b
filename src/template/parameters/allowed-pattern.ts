import { RE2JS } from 're2js';

/** What an AllowedPattern needs to be applied: whether a whole value matches. */
export interface AllowedPattern {
  matches(value: string): boolean;
}

/**
 * Compiles an AllowedPattern the way CloudFormation applies it: Java regex syntax, the whole value
 * must match (Java's `matches`). It runs on RE2 because JavaScript's backtracking engine cannot be
 * interrupted: `([a-z]|[a-z0-9])*` against 28 letters and `!` blocked the whole process for 20 s.
 * RE2 matches in time linear in the value, and refuses exactly the constructs that need
 * backtracking (backreferences, lookaround, possessive quantifiers); such a pattern is an error
 * here, returned as a message, rather than a time bomb.
 */
export function compileAllowedPattern(pattern: string): AllowedPattern | string {
  try {
    return RE2JS.compile(pattern);
  } catch (error) {
    return `AllowedPattern is not a valid RE2 pattern (RE2 has no backreferences, lookaround or possessive quantifiers): ${(error as Error).message}`;
  }
}
