import type { ListedStack } from './stack-list-query';
import { formatCloudStackDate } from '../cloudstack-api';
import { SECRET_MASK } from '../logging';
import { stackMasker } from './stack-secrets';

/**
 * The stack object as every command and job result shows it. NoEcho values never leave: a NoEcho
 * parameter shows the mask, as DescribeStacks does, and so does any output or reason that
 * contains one of their values.
 */
export function stackView(stack: ListedStack): Record<string, unknown> {
  const noEcho = new Set(stack.noEchoKeys);
  const masker = stackMasker(stack);
  return {
    id: stack.id,
    name: stack.name,
    description: stack.description ?? undefined,
    status: stack.status,
    statusreason: stack.statusReason == null ? undefined : masker.mask(stack.statusReason),
    created: formatCloudStackDate(stack.created),
    updated: formatCloudStackDate(stack.updated),
    account: stack.accountName,
    accountid: stack.accountId,
    domain: stack.domainName,
    domainid: stack.domainId,
    zoneid: stack.zoneId ?? undefined,
    parameters: stack.parameters.map((p) => ({ key: p.key, value: noEcho.has(p.key) ? SECRET_MASK : p.value })),
    outputs: stack.outputs.map((o) => ({ key: o.key, value: masker.mask(o.value), description: o.description, exportname: o.exportName })),
    tags: stack.tags.map((t) => ({ key: t.key, value: t.value })),
    onfailure: stack.onFailure,
    timeoutinminutes: stack.timeoutInMinutes ?? undefined,
  };
}
