/** What a command declares about itself, as far as listApis shows it. */
export interface DiscoverableCommand {
  name: string;
  description: string;
  isasync: boolean;
  since?: string;
  related?: string;
  params: Array<{ name: string; description: string; type: string; required?: boolean; length?: number; related?: string; since?: string }>;
  response: Array<{ name: string; description: string; type: string }>;
}

const DEFAULT_LENGTH = 255;

/**
 * One api as listApis shows it. CloudMonkey's `cmk sync` reads these fields with fixed JSON
 * types and panics on a missing one, so every field is present with its type: strings stay
 * strings (related is "" when empty), booleans booleans, length a number. Optional per-param
 * related/since are left out when absent, as the management server does.
 */
export function listApisEntry(command: DiscoverableCommand): Record<string, unknown> {
  return {
    name: command.name,
    description: command.description,
    isasync: command.isasync,
    ...(command.since ? { since: command.since } : {}),
    related: command.related ?? '',
    params: command.params.map((p) => ({
      name: p.name,
      description: p.description,
      type: p.type,
      length: p.length ?? DEFAULT_LENGTH,
      required: p.required ?? false,
      ...(p.related ? { related: p.related } : {}),
      ...(p.since ? { since: p.since } : {}),
    })),
    response: command.response.map((f) => ({ name: f.name, description: f.description, type: f.type })),
  };
}
