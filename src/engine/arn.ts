/**
 * CloudFormation's identities: `arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>` and
 * `…:changeSet/<name>/<uuid>`. The region is the one the client signed for on the AWS API, and the
 * management server's region name (AWS::Region) in a template's AWS::StackId; the account is the
 * CloudStack account's id; only the uuid at the end identifies the object.
 */
export interface ArnScope {
  region: string;
  accountId: string;
}

export function stackArn(scope: ArnScope, name: string, id: string): string {
  return `arn:aws:cloudformation:${scope.region}:${scope.accountId}:stack/${name}/${id}`;
}

export function changeSetArn(scope: ArnScope, name: string, id: string): string {
  return `arn:aws:cloudformation:${scope.region}:${scope.accountId}:changeSet/${name}/${id}`;
}

const ARN = /^arn:[^:]+:cloudformation:[^:]*:[^:]*:(stack|changeSet)\/([^/]+)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export interface ParsedArn {
  kind: 'stack' | 'changeSet';
  name: string;
  id: string;
}

/** The parts of a stack or change-set ARN; undefined for a plain name. */
export function parseArn(value: string): ParsedArn | undefined {
  const match = ARN.exec(value);
  if (!match) return undefined;
  return { kind: match[1] as ParsedArn['kind'], name: match[2], id: match[3].toLowerCase() };
}

export function isArn(value: string): boolean {
  return value.startsWith('arn:');
}
