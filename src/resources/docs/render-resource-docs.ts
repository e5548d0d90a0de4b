import type { ResourceTypeSchema } from '../../template';

const HEADER = `# Resource types

Generated from the schemas in \`src/resources/types/\` by \`npm run docs\`; do not edit by hand
(a test compares it with the schemas). \`listStackResourceTypes\` answers the same from a running
service.

References to existing CloudStack objects (zone, template, service offering, network, disk
offering, key pair) accept a name or a UUID. \`Ref\` gives the physical id unless a type says
otherwise; \`Fn::GetAtt\` gives the attributes listed.

The "on update" column says what \`updateStack\` does when the property's value changes: *in place*
(same physical id, no interruption), *in place, interrupts* (same physical id; a VM is stopped and
started once for all its changes), or *replacement* (a new object is made first, dependants follow
it, the old one is deleted in the cleanup phase; a type that cannot hold both deletes the old one
first, as its description says). A change a type cannot make for a particular value is a
replacement too, and the change set says why. Each type says which \`DeletionPolicy\` and
\`UpdateReplacePolicy\` values it accepts; \`Snapshot\` is refused on a type that cannot be
snapshotted. \`UpdatePolicy\` (\`AutoScalingRollingUpdate\`) is accepted where a type says so.
`;

const ON_UPDATE: Record<string, string> = { Mutable: 'in place', SomeInterruption: 'in place, interrupts', Replacement: 'replacement', Immutable: 'replacement' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function renderType(schema: ResourceTypeSchema): string {
  const policies = schema.snapshotOnDelete ? '`Delete`, `Retain`, `Snapshot`' : '`Delete`, `Retain`';
  const rolling = schema.rollingUpdates ? ' UpdatePolicy: `AutoScalingRollingUpdate` (members replaced in batches).' : '';
  const replacing = schema.replaceByDeletingFirst ? ' A replacement deletes the old object first (CloudStack cannot hold both).' : '';
  const lines = [`## ${schema.typeName}`, '', schema.description ?? '', '', `DeletionPolicy and UpdateReplacePolicy: ${policies}.${rolling}${replacing}`, '', '### Properties', ''];
  const properties = Object.entries(schema.properties);
  if (properties.length === 0) lines.push('None.');
  else {
    lines.push('| name | type | required | CloudStack parameter | on update | description |', '| --- | --- | --- | --- | --- | --- |');
    for (const [name, p] of properties) {
      const type = p.itemType ? `List<${p.itemType}>` : p.type;
      lines.push(`| ${name} | ${type} | ${p.required ? 'yes' : 'no'} | ${p.cloudstackParameter ?? ''} | ${ON_UPDATE[p.updateBehavior ?? 'Replacement']} | ${cell(p.description)} |`);
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
