import type { Template } from '../model';

/** What CloudFormation shows in place of a NoEcho parameter's value. */
export const NO_ECHO_MASK = '****';

/** Names of the parameters whose values must never be shown in events, logs or API output. */
export function noEchoParameterNames(template: Template): Set<string> {
  return new Set(Object.entries(template.parameters).filter(([, definition]) => definition.noEcho).map(([name]) => name));
}

/** A copy of `values` with every NoEcho parameter's value replaced by the mask. */
export function maskNoEchoValues<T>(template: Template, values: Readonly<Record<string, T>>): Record<string, T | string> {
  const hidden = noEchoParameterNames(template);
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, hidden.has(name) ? NO_ECHO_MASK : value]));
}
