import { envelopeKey, renderError, renderPayload, type CloudStackApiError, type RenderedResponse, type ResponseFormat } from '../cloudstack-api';
import type { CommandSpec } from './registry';

/**
 * The envelope a command answers in. The management server names it with the command class's
 * getCommandName(), both for answers (ApiServer.getBaseAsyncResponse, the response object) and
 * for errors (ApiServer.getSerializedApiError). That is `<api name lowercased>response` except
 * where a class keeps another s_name: ResetVMSSHKeyCmd's "resetSSHKeyforvirtualmachineresponse",
 * UpdateVMAffinityGroupCmd's "updatevirtualmachineresponse".
 */
export function envelopeOf(spec: CommandSpec): string {
  return spec.responseName ?? envelopeKey(spec.name);
}

/** Renames the root of a rendered answer: the JSON object's one key, or the XML root element. */
function renamed(rendered: RenderedResponse, from: string, to: string): RenderedResponse {
  if (from === to) return rendered;
  if (rendered.contentType.startsWith('application/json')) {
    const parsed = JSON.parse(rendered.body) as Record<string, unknown>;
    return { ...rendered, body: JSON.stringify({ [to]: parsed[from] }) };
  }
  const body = rendered.body
    .replace(new RegExp(`<${from}(?=[\\s>/])`), `<${to}`)
    .replace(new RegExp(`</${from}>\\s*$`), `</${to}>`);
  return { ...rendered, body };
}

export function renderAnswer(spec: CommandSpec, payload: object, format: ResponseFormat): RenderedResponse {
  return renamed(renderPayload(spec.name, payload, format), envelopeKey(spec.name), envelopeOf(spec));
}

export function renderCommandError(spec: CommandSpec, error: CloudStackApiError, format: ResponseFormat): RenderedResponse {
  return renamed(renderError(spec.name, error, format), envelopeKey(spec.name), envelopeOf(spec));
}
