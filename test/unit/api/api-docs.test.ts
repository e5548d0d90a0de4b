import { readFileSync } from 'node:fs';
import { API_SPECS } from '../../../api-spec';
import { renderApiDocs } from '../../../src/api/docs/render-api-docs';
import { API_DOCS_PATH, DOCUMENTED_SPECS } from '../../../src/api/docs/write-api-docs';

describe('docs/api.md', () => {
  it('is what the specs generate (run `npm run docs` after changing a spec)', () => {
    expect(readFileSync(API_DOCS_PATH, 'utf8')).toBe(renderApiDocs(DOCUMENTED_SPECS));
  });

  it('documents every command and parameter', () => {
    const docs = renderApiDocs(DOCUMENTED_SPECS);
    for (const spec of API_SPECS) {
      expect(docs).toContain(`## ${spec.name}\n`);
      for (const p of spec.params) expect(docs).toContain(`| ${p.name} | ${p.type} | ${p.required ? 'yes' : 'no'} |`);
    }
  });
});
