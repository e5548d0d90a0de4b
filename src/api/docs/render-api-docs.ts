import { ApiSpec, DEFAULT_PARAM_LENGTH } from '../../../api-spec/types';
import { renderAwsApiDocs } from '../aws/render-aws-docs';

const HEADER = `# API reference

Generated from \`api-spec/\` by \`npm run docs\`; do not edit by hand (a test compares it with the specs).

The service answers on one port through two surfaces over the same stacks, engine, ownership and
events:

- **CloudStack API**: every command below at \`/client/api?command=<name>\`, signed as any
  CloudStack request (cmk, CloudStack libraries).
- **AWS CloudFormation Query API**: form POSTs with \`Action=<Operation>&Version=2010-05-15\` to any
  other path, SigV4-signed with the CloudStack API key as the access key id and the secret key as
  the secret (the AWS CLI and SDKs with \`--endpoint-url\`); its operations are listed at the end.
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
  return `${HEADER}\n${specs.map(renderSpec).join('\n\n')}\n\n${renderAwsApiDocs()}`;
}
