import { Builder } from 'xml2js';
import { CloudStackApiError } from './api-error';

export type ResponseFormat = 'json' | 'xml';

/** response=json selects JSON; absent or anything else is XML, as on the management server. */
export function responseFormatOf(params: Record<string, string | undefined>): ResponseFormat {
  return (params.response ?? '').toLowerCase() === 'json' ? 'json' : 'xml';
}

export function envelopeKey(command: string | undefined): string {
  return command ? `${command.toLowerCase()}response` : 'errorresponse';
}

/** CloudStack omits null fields entirely; undefined ones never reach the wire either. */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as unknown as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== null && v !== undefined) out[k] = withoutNulls(v);
    }
    return out as T;
  }
  return value;
}

export interface RenderedResponse {
  status: number;
  contentType: string;
  body: string;
}

const CLOUDSTACK_VERSION = '4.19.0.0';

function toXmlTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toXmlTree);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // Empty arrays have no XML spelling; CloudStack leaves the element out.
      if (Array.isArray(v) && v.length === 0) continue;
      out[k] = toXmlTree(v);
    }
    return out;
  }
  return typeof value === 'boolean' || typeof value === 'number' ? String(value) : value;
}

export function renderPayload(command: string | undefined, payload: object, format: ResponseFormat, status = 200): RenderedResponse {
  const key = envelopeKey(command);
  const clean = withoutNulls(payload);
  if (format === 'json') {
    return { status, contentType: 'application/json; charset=UTF-8', body: JSON.stringify({ [key]: clean }) };
  }
  const builder = new Builder({ rootName: key, xmldec: { version: '1.0', encoding: 'UTF-8' }, renderOpts: { pretty: false } });
  const tree = { $: { 'cloud-stack-version': CLOUDSTACK_VERSION }, ...(toXmlTree(clean) as object) };
  return { status, contentType: 'text/xml; charset=UTF-8', body: builder.buildObject(tree) };
}

/** An error in the command's envelope with HTTP status = errorcode. */
export function renderError(command: string | undefined, error: CloudStackApiError, format: ResponseFormat): RenderedResponse {
  return renderPayload(command, error.toPayload(), format, error.errorcode);
}
