import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_SPECS } from '../../../api-spec';
import { STACK_API_SPECS } from '../../../api-spec/stacks';
import { renderApiDocs } from './render-api-docs';

/** Every command a running service answers: its own and the stack engine's. */
export const DOCUMENTED_SPECS = [...API_SPECS, ...STACK_API_SPECS];

export const API_DOCS_PATH = join(__dirname, '..', '..', '..', 'docs', 'api.md');

// `npm run docs`: regenerates docs/api.md from the specs.
if (require.main === module) {
  writeFileSync(API_DOCS_PATH, renderApiDocs(DOCUMENTED_SPECS));
  process.stdout.write(`wrote ${API_DOCS_PATH}\n`);
}
