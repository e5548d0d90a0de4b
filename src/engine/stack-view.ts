import { formatCloudStackDate } from '../cloudstack-api';
import { SECRET_MASK } from '../logging';
import type { ListedStack } from './stack-list-query';
import { stackMasker } from './stack-secrets';

type View = Record<string, unknown>;

/**
 * Sets a field only when it has a value. CloudStack omits null fields and the envelope drops them
 * anyway (withoutNulls), but a payload with none is sent as it is, without withoutNulls' copy.
 */
function put(view: View, key: string, value: unknown): void {
  if (value !== null && value !== undefined) view[key] = value;
}

function outputView(key: string, value: string, description: string | undefined, exportName: string | undefined): View {
  const view: View = { key, value };
  put(view, 'description', description);
  put(view, 'exportname', exportName);
  return view;
}

/**
 * The stack object as every command and job result shows it. NoEcho values never leave: a NoEcho
 * parameter shows the mask, as DescribeStacks does, and so does any output or reason that
 * contains one of their values.
 */
export function stackView(stack: ListedStack): View {
  const noEcho = new Set(stack.noEchoKeys);
  const masker = stackMasker(stack);
  const view: View = {};
  put(view, 'id', stack.id);
  put(view, 'name', stack.name);
  put(view, 'description', stack.description);
  put(view, 'status', stack.status);
  put(view, 'statusreason', stack.statusReason == null ? undefined : masker.mask(stack.statusReason));
  put(view, 'created', formatCloudStackDate(stack.created));
  put(view, 'updated', formatCloudStackDate(stack.updated));
  put(view, 'account', stack.accountName);
  put(view, 'accountid', stack.accountId);
  put(view, 'domain', stack.domainName);
  put(view, 'domainid', stack.domainId);
  put(view, 'zoneid', stack.zoneId);
  put(view, 'parameters', stack.parameters.map((p) => ({ key: p.key, value: noEcho.has(p.key) ? SECRET_MASK : p.value })));
  put(view, 'outputs', stack.outputs.map((o) => outputView(o.key, masker.mask(o.value), o.description, o.exportName)));
  put(view, 'tags', stack.tags.map((t) => ({ key: t.key, value: t.value })));
  put(view, 'onfailure', stack.onFailure);
  put(view, 'timeoutinminutes', stack.timeoutInMinutes);
  put(view, 'terminationprotection', stack.terminationProtection);
  return view;
}
