import { ApiSpec, DEFAULT_PARAM_LENGTH } from '../../api-spec/types';

/**
 * One api as listApis shows it. CloudMonkey's `cmk sync` reads these fields with fixed JSON
 * types and panics on a missing one, so every field is always present with its type:
 * strings stay strings (related is "" when empty), booleans booleans, length a number.
 */
export function toListApisEntry(spec: ApiSpec): Record<string, unknown> {
  return {
    name: spec.name,
    description: spec.description,
    isasync: spec.isasync,
    since: spec.since,
    related: spec.related ?? '',
    params: spec.params.map((p) => ({
      name: p.name,
      description: p.description,
      type: p.type,
      length: p.length ?? DEFAULT_PARAM_LENGTH,
      required: p.required,
      ...(p.related ? { related: p.related } : {}),
      ...(p.since ? { since: p.since } : {}),
    })),
    response: spec.response.map((f) => ({ name: f.name, description: f.description, type: f.type })),
  };
}
