import { AWS_OPERATION_DOCS } from './operation-docs';
import { AWS_OPERATIONS } from './query-surface';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** docs/api.md's section on the AWS surface: every operation served, with its CloudStack counterpart. */
export function renderAwsApiDocs(): string {
  const rows = Object.keys(AWS_OPERATIONS).sort().map((name) => {
    const doc = AWS_OPERATION_DOCS[name];
    if (!doc) throw new Error(`AWS operation ${name} has no entry in operation-docs.ts`);
    return `| ${name} | ${cell(doc.cloudstack)} | ${cell(doc.notes)} |`;
  });
  return [
    '## AWS CloudFormation Query API',
    '',
    'Protocol `query` (API version 2010-05-15): requests and XML answers follow the CloudFormation service model; errors are',
    '`<ErrorResponse>` with AWS\'s codes (ValidationError 400, ChangeSetNotFound 404, SignatureDoesNotMatch and',
    'InvalidClientTokenId 403). Stack ids are ARNs `arn:aws:cloudformation:<region>:<account id>:stack/<name>/<id>` with the',
    'region the request was signed for and the CloudStack account\'s id; every operation takes a name or an ARN. Other',
    'operations answer InvalidAction.',
    '',
    '| operation | CloudStack command | notes |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
