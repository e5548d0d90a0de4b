import { ApiSpec, DEFAULT_PARAM_LENGTH } from '../../../api-spec/types';

const HEADER = `# API reference

Generated from \`api-spec/\` by \`npm run docs\`; do not edit by hand (a test compares it with the specs).

Every command is reached at \`/client/api?command=<name>\`, signed as any CloudStack request.
`;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function renderSpec(spec: ApiSpec): string {
  const lines = [`## ${spec.name}`, '', spec.description, '', `- asynchronous: ${spec.isasync ? 'yes' : 'no'}`, `- since: ${spec.since}`];
  if (spec.related) lines.push(`- related: ${spec.related}`);
  lines.push(`- roles: ${spec.roles ? spec.roles.join(', ') : 'all'}`, '', '### Parameters', '');
  if (spec.params.length === 0) lines.push('None.');
  else {
    lines.push('| name | type | required | length | description |', '| --- | --- | --- | --- | --- |');
    for (const p of spec.params) lines.push(`| ${p.name} | ${p.type} | ${p.required ? 'yes' : 'no'} | ${p.length ?? DEFAULT_PARAM_LENGTH} | ${cell(p.description)} |`);
  }
  lines.push('', '### Response', '', '| name | type | description |', '| --- | --- | --- |');
  for (const f of spec.response) lines.push(`| ${f.name} | ${f.type} | ${cell(f.description)} |`);
  return lines.join('\n');
}

/** docs/api.md from the specs, in their declared order. */
export function renderApiDocs(specs: ApiSpec[]): string {
  return `${HEADER}\n${specs.map(renderSpec).join('\n\n')}\n`;
}
