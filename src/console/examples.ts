import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ExampleTemplate {
  name: string;
  description: string;
  body: string;
}

/** The templates of examples/, offered by the console's create form (they are public files). */
export function loadExamples(dir: string): ExampleTemplate[] {
  return readdirSync(dir)
    .filter((file) => /\.(ya?ml|json)$/.test(file))
    .sort()
    .map((file) => {
      const body = readFileSync(join(dir, file), 'utf8');
      return { name: file, description: firstDescriptionLine(body), body };
    });
}

/** Enough of the template's Description to tell the examples apart in a list. */
function firstDescriptionLine(body: string): string {
  const match = /^Description:\s*(?:[>|]-?\s*\n\s+)?(.+)$/m.exec(body);
  return match ? match[1].replace(/^['"]|['"]$/g, '').trim() : '';
}
