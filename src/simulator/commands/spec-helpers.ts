import type { ParamSpec, ResponseField } from '../registry';

/** Small builders shared by the networking and storage command groups, to keep specs readable. */
export const field = (name: string, type: ResponseField['type'], description: string): ResponseField => ({ name, type, description });

export const param = (name: string, type: ParamSpec['type'], description: string, extra: Partial<ParamSpec> = {}): ParamSpec =>
  ({ name, type, description, ...extra });

/** `account` + `domainid`: admins acting for another account (see resolveOwnerAccount). */
export const OWNER_PARAMS: ParamSpec[] = [
  param('account', 'string', 'an optional account for the resource. Must be used with domainId.'),
  param('domainid', 'uuid', 'an optional domainId for the resource. If the account parameter is used, domainId must also be used.', { related: 'listDomains' }),
];

export const SUCCESS_FIELDS: ResponseField[] = [
  field('success', 'boolean', 'true if operation is executed successfully'),
  field('displaytext', 'string', 'any text associated with the success or failure'),
];

/** Owner fields every account-owned object shows. */
export function ownerView(state: { accounts: Map<string, { name: string }>; domains: Map<string, { name: string }> }, owned: { accountId: string; domainId: string }) {
  return { account: state.accounts.get(owned.accountId)?.name, domainid: owned.domainId, domain: state.domains.get(owned.domainId)?.name };
}
