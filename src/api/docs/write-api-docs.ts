import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_SPECS } from '../../../api-spec';
import { renderApiDocs } from './render-api-docs';

export const API_DOCS_PATH = join(__dirname, '..', '..', '..', 'docs', 'api.md');

// `npm run docs`: regenerates docs/api.md from the specs.
if (require.main === module) {
  writeFileSync(API_DOCS_PATH, renderApiDocs(API_SPECS));
  process.stdout.write(`wrote ${API_DOCS_PATH}\n`);
}
