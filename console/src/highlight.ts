import { h } from './dom.js';

/**
 * Colours a YAML or JSON template for reading: comments, keys, short-form tags, strings and
 * numbers. Line by line with a few patterns; every piece is inserted as text.
 */
const TOKEN = /(#.*$)|(!\w+)|("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')|(^\s*-?\s*[\w:.-]+(?=\s*:(?:\s|$)))|(\b-?\d+(?:\.\d+)?\b)/g;
const CLASSES = ['comment', 'tag', 'string', 'key', 'number'];

export function highlightTemplate(body: string): HTMLElement {
  const code = h('code');
  for (const line of body.split('\n')) {
    let last = 0;
    for (const match of line.matchAll(TOKEN)) {
      const index = match.index ?? 0;
      if (index > last) code.append(line.slice(last, index));
      const group = match.slice(1).findIndex((part) => part !== undefined);
      code.append(h('span', { class: `tok-${CLASSES[group]}` }, match[0]));
      last = index + match[0].length;
    }
    code.append(line.slice(last) + '\n');
  }
  return h('pre', { class: 'template', tabindex: 0, 'aria-label': 'Template' }, code);
}
