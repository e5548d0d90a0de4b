/**
 * Shape comparison of a recorded answer with the simulator's: every recorded field must be there
 * with the same JSON type, recursing into objects and the first element of arrays. Extra fields
 * on the simulator's side are allowed (newer servers add fields; clients ignore unknown ones).
 */
export interface CompareOptions {
  /** path → reason: fields the simulator cannot know or leaves out on purpose. */
  skip: Record<string, string>;
  /** Old recordings have numeric ids where today's servers send UUID strings. */
  numericIds: boolean;
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `id`, `zoneid`, `jobid`, a network's `related`...: a number in an old recording, a UUID today (not deviceid). */
function isUuidNowNumberThen(path: string, actual: unknown): boolean {
  return /(^|\.)([a-z]*id|related)(\[\])?$/.test(path) && typeof actual === 'string' && UUID.test(actual);
}

export function compareShape(recorded: unknown, actual: unknown, options: CompareOptions, path = '', problems: string[] = []): string[] {
  if (path in options.skip) return problems;
  const types = [jsonType(recorded), jsonType(actual)];
  if (types[0] !== types[1]) {
    if (!(options.numericIds && types[0] === 'number' && isUuidNowNumberThen(path, actual))) {
      problems.push(`${path}: recorded ${types[0]}, simulator ${types[1]}`);
    }
    return problems;
  }
  if (Array.isArray(recorded)) {
    if (recorded.length === 0) return problems;
    if ((actual as unknown[]).length === 0) {
      if (!(`${path}[]` in options.skip)) problems.push(`${path}: recorded a non-empty array, simulator an empty one`);
      return problems;
    }
    return compareShape(recorded[0], (actual as unknown[])[0], options, `${path}[]`, problems);
  }
  if (recorded && typeof recorded === 'object') {
    for (const [key, value] of Object.entries(recorded as Record<string, unknown>)) {
      const childPath = path ? `${path}.${key}` : key;
      if (childPath in options.skip) continue;
      if (!(key in (actual as Record<string, unknown>))) problems.push(`${childPath}: missing`);
      else compareShape(value, (actual as Record<string, unknown>)[key], options, childPath, problems);
    }
  }
  return problems;
}
