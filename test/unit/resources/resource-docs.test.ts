import { readFileSync } from 'node:fs';
import { renderResourceDocs } from '../../../src/resources/docs/render-resource-docs';
import { RESOURCE_DOCS_PATH, resourceDocs } from '../../../src/resources/docs/write-resource-docs';
import { ResourceRegistry } from '../../../src/resources/registry';

describe('docs/resource-types.md', () => {
  it('is what the schemas generate (run `npm run docs` after changing a schema)', () => {
    expect(readFileSync(RESOURCE_DOCS_PATH, 'utf8')).toBe(resourceDocs());
  });

  it('documents every registered type with its properties and attributes', () => {
    const docs = resourceDocs();
    for (const type of new ResourceRegistry().list()) {
      expect(docs).toContain(`## ${type.schema.typeName}\n`);
      for (const name of Object.keys(type.schema.properties)) expect(docs).toContain(`| ${name} |`);
    }
  });

  it('renders a property row with its CloudStack parameter and list item type', () => {
    const docs = renderResourceDocs([{
      typeName: 'Test::Thing',
      description: 'A thing.',
      properties: { Names: { type: 'List', itemType: 'String', required: true, description: 'a | b', cloudstackParameter: 'names', updateBehavior: 'Replacement' } },
      attributes: {},
    }]);
    expect(docs).toContain('| Names | List<String> | yes | names | Replacement | a \\| b |');
    expect(docs).toContain('### Attributes\n\nNone.');
  });
});
