/** Request parameters as CloudStack reads them: query string and form body merged, flat. */
export type RequestParams = Record<string, string>;

function firstValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
  if (value === undefined || value === null) return undefined;
  return String(value);
}

/** Merges query and body; the body wins, as the servlet reads POST parameters last. */
export function collectParams(...sources: Array<Record<string, unknown> | undefined>): RequestParams {
  const out: RequestParams = {};
  for (const source of sources) {
    if (!source || typeof source !== 'object') continue;
    for (const [key, value] of Object.entries(source)) {
      const v = firstValue(value);
      if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

/**
 * Parameter names as a command reads them: lowercased, after the signature has been checked on
 * the names as sent. The management server does this in ParamUnpackWorker (the first worker of
 * its dispatch chain): a plain key becomes `key.toLowerCase()`, a map key `Tags[0].Key` has its
 * name lowercased before the `[` and keeps the field as sent. That is why Libcloud's
 * `diskOfferingId` and `zoneId` work. `command` and `response` are read earlier, by ApiServlet,
 * under their exact names, so they are looked up before this runs. When two names differ only
 * in case, CloudStack keeps whichever its HashMap visits last; here the later one wins.
 */
export function lowercaseParamNames(params: RequestParams): RequestParams {
  const out: RequestParams = {};
  for (const [key, value] of Object.entries(params)) {
    const bracket = key.indexOf('[');
    out[bracket > 0 ? key.slice(0, bracket).toLowerCase() + key.slice(bracket) : key.toLowerCase()] = value;
  }
  return out;
}

const MAP_KEY = /^([a-zA-Z0-9_]+)\[(\d+)\]\.([a-zA-Z0-9_]+)$/;

/**
 * A CloudStack map parameter (`tags[0].key=k&tags[0].value=v`) as a list of entries in index
 * order. Returns undefined when the parameter is absent.
 */
export function parseMapParam(params: RequestParams, name: string): Array<Record<string, string>> | undefined {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(params)) {
    const m = MAP_KEY.exec(key);
    if (!m || m[1].toLowerCase() !== name.toLowerCase()) continue;
    const index = Number(m[2]);
    const entry = byIndex.get(index) ?? {};
    entry[m[3].toLowerCase()] = value;
    byIndex.set(index, entry);
  }
  if (byIndex.size === 0) return undefined;
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
}

/** Encodes a list of entries as CloudStack map parameters, the inverse of parseMapParam. */
export function encodeMapParam(name: string, entries: Array<Record<string, string>>): RequestParams {
  const out: RequestParams = {};
  entries.forEach((entry, index) => {
    for (const [k, v] of Object.entries(entry)) out[`${name}[${index}].${k}`] = v;
  });
  return out;
}

/**
 * A form body read flat, as the management server's servlet reads it: `tags[0].key` stays one
 * key. (Nesting parsers such as qs would turn it into an array and break signatures.)
 */
export function parseFormBody(raw: string): RequestParams {
  const out: RequestParams = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (!(key in out)) out[key] = value;
  }
  return out;
}
