/**
 * CloudFormation's pseudo-parameters, with CloudStack meanings (see docs/template-language.md):
 * the region is the management server's region name, the account id is the caller's account UUID.
 */
export const PSEUDO_PARAMETERS = [
  'AWS::StackName', 'AWS::StackId', 'AWS::Region', 'AWS::AccountId', 'AWS::NoValue',
  'AWS::Partition', 'AWS::URLSuffix', 'AWS::NotificationARNs',
] as const;

export type PseudoParameterName = (typeof PSEUDO_PARAMETERS)[number];

const PSEUDO_SET: ReadonlySet<string> = new Set(PSEUDO_PARAMETERS);

export function isPseudoParameter(name: string): name is PseudoParameterName {
  return PSEUDO_SET.has(name);
}
