import type { CST } from 'yaml';
import { TEMPLATE_LIMITS } from '../limits';
import { TemplateValidationError } from '../template-validation-error';

/**
 * Measures nesting on the concrete syntax tree, before composing: the yaml composer recurses
 * per level, so a 50 KB line of "- - - -" would exhaust the stack (or memory) if composed.
 * Iterative on purpose.
 */
export function assertYamlNestingWithinLimit(tokens: readonly CST.Token[]): void {
  const pending: Array<{ token: CST.Token; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  while (pending.length > 0) {
    const { token, depth } = pending.pop() as { token: CST.Token; depth: number };
    if (depth > TEMPLATE_LIMITS.maxNestingDepth) {
      throw TemplateValidationError.single('', `nesting deeper than ${TEMPLATE_LIMITS.maxNestingDepth} levels`);
    }
    for (const child of childrenOf(token)) pending.push({ token: child, depth: depth + 1 });
  }
}

function childrenOf(token: CST.Token): CST.Token[] {
  switch (token.type) {
    case 'document':
      return token.value ? [token.value] : [];
    case 'block-map':
    case 'block-seq':
    case 'flow-collection': {
      const children: CST.Token[] = [];
      for (const item of token.items as Array<{ key?: CST.Token | null; value?: CST.Token }>) {
        if (item.key) children.push(item.key);
        if (item.value) children.push(item.value);
      }
      return children;
    }
    default:
      return [];
  }
}
