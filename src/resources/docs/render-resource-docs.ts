import type { ResourceTypeSchema } from '../../template';

const HEADER = `# Resource types

Generated from the schemas in \`src/resources/types/\` by \`npm run docs\`; do not edit by hand
(a test compares it with the schemas). \`listStackResourceTypes\` answers the same from a running
service.

References to existing CloudStack objects (zone, template, service offering, network, disk
offering, key pair) accept a name or a UUID. \`Ref\` gives the physical id unless a type says
otherwise; \`Fn::GetAtt\` gives the attributes listed.

Stacks cannot be updated yet: \`UpdatePolicy\` and \`UpdateReplacePolicy\` are refused, and what
changing a property would do is not listed until updates are available. Each type says which
\`DeletionPolicy\` values it accepts; \`Snapshot\` is refused on a type that cannot be snapshotted.
`;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function renderType(schema: ResourceTypeSchema): string {
  const policies = schema.snapshotOnDelete ? '`Delete`, `Retain`, `Snapshot`' : '`Delete`, `Retain`';
  const lines = [`## ${schema.typeName}`, '', schema.description ?? '', '', `DeletionPolicy: ${policies}.`, '', '### Properties', ''];
  const properties = Object.entries(schema.properties);
  if (properties.length === 0) lines.push('None.');
  else {
    // updateBehavior stays out until stacks can be updated: listing it would promise updates.
    lines.push('| name | type | required | CloudStack parameter | description |', '| --- | --- | --- | --- | --- |');
    for (const [name, p] of properties) {
      const type = p.itemType ? `List<${p.itemType}>` : p.type;
      lines.push(`| ${name} | ${type} | ${p.required ? 'yes' : 'no'} | ${p.cloudstackParameter ?? ''} | ${cell(p.description)} |`);
    }
  }
  lines.push('', '### Attributes', '');
  const attributes = Object.entries(schema.attributes);
  if (attributes.length === 0) lines.push('None.');
  else {
    lines.push('| name | type | description |', '| --- | --- | --- |');
    for (const [name, a] of attributes) lines.push(`| ${name} | ${a.type} | ${cell(a.description)} |`);
  }
  return lines.join('\n');
}

/** docs/resource-types.md from the registered schemas, sorted by type name. */
export function renderResourceDocs(schemas: ResourceTypeSchema[]): string {
  return `${HEADER}\n${schemas.map(renderType).join('\n\n')}\n`;
}
