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

/**
 * True when the value is plain data (arrays, plain objects, Dates, primitives) with no null or
 * undefined anywhere: withoutNulls' copy of it would be equal in every field and in their order.
 */
function hasNoNulls(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== 'object' || value instanceof Date) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!hasNoNulls(item)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value)) if (!hasNoNulls((value as Record<string, unknown>)[key])) return false;
  return true;
}

/**
 * CloudStack omits null fields entirely; undefined ones never reach the wire either. A value
 * that has none is returned as it is: a list of fifty stacks is not copied for nothing.
 */
export function withoutNulls<T>(value: T): T {
  return hasNoNulls(value) ? value : copyWithoutNulls(value);
}

function copyWithoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyWithoutNulls) as unknown as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== null && v !== undefined) out[k] = copyWithoutNulls(v);
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

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}

// Payloads that many answers share, each with its renderings (by status, format and command).
const sharedRenderings = new WeakMap<object, Map<string, RenderedResponse>>();

/**
 * Marks a payload that will be answered many times as it is (a kept listStacks page): it is
 * frozen through and through, so that it cannot change, and renderPayload renders it once per
 * format. It must be plain data: strings, numbers, booleans, arrays and objects.
 */
export function sharedPayload<T extends object>(payload: T): T {
  deepFreeze(payload);
  sharedRenderings.set(payload, new Map());
  return payload;
}

export function renderPayload(command: string | undefined, payload: object, format: ResponseFormat, status = 200): RenderedResponse {
  const renderings = sharedRenderings.get(payload);
  if (!renderings) return render(command, payload, format, status);
  const key = `${status} ${format} ${command ?? ''}`;
  let rendered = renderings.get(key);
  if (!rendered) {
    rendered = Object.freeze(render(command, payload, format, status));
    renderings.set(key, rendered);
  }
  return rendered;
}

function render(command: string | undefined, payload: object, format: ResponseFormat, status: number): RenderedResponse {
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
