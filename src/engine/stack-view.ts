import { Stack } from '../../entities';
import { formatCloudStackDate } from '../cloudstack-api';

/** The mask CloudFormation shows in place of a NoEcho parameter's value. */
export const NO_ECHO_DISPLAY = '****';

/** The stack object as every command and job result shows it. NoEcho values never leave. */
export function stackView(stack: Stack): Record<string, unknown> {
  const noEcho = new Set(stack.noEchoKeys);
  return {
    id: stack.id,
    name: stack.name,
    description: stack.description ?? undefined,
    status: stack.status,
    statusreason: stack.statusReason ?? undefined,
    created: formatCloudStackDate(stack.created),
    updated: formatCloudStackDate(stack.updated),
    account: stack.accountName,
    accountid: stack.accountId,
    domain: stack.domainName,
    domainid: stack.domainId,
    zoneid: stack.zoneId ?? undefined,
    parameters: stack.parameters.map((p) => ({ key: p.key, value: noEcho.has(p.key) ? NO_ECHO_DISPLAY : p.value })),
    outputs: stack.outputs.map((o) => ({ key: o.key, value: o.value, description: o.description, exportname: o.exportName })),
    tags: stack.tags.map((t) => ({ key: t.key, value: t.value })),
    onfailure: stack.onFailure,
    timeoutinminutes: stack.timeoutInMinutes ?? undefined,
  };
}
