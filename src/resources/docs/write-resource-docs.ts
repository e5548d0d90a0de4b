import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResourceRegistry } from '../registry';
import { renderResourceDocs } from './render-resource-docs';

export const RESOURCE_DOCS_PATH = join(__dirname, '..', '..', '..', 'docs', 'resource-types.md');

export function resourceDocs(): string {
  return renderResourceDocs(new ResourceRegistry().list().map((t) => t.schema));
}

// `npm run docs`: regenerates docs/resource-types.md from the schemas.
if (require.main === module) {
  writeFileSync(RESOURCE_DOCS_PATH, resourceDocs());
  process.stdout.write(`wrote ${RESOURCE_DOCS_PATH}\n`);
}
