/** The argv scanner every `csf stack` subcommand parses with; anything wrong is a UsageError (exit code 2). */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const CONNECTION_FLAGS = ['--url', '--api-key', '--secret-key', '--user'];
const VALUE_FLAGS = ['--template', '--param', '--zone', '--on-failure', '--timeout', '--change-set', ...CONNECTION_FLAGS];
const BOOLEAN_FLAGS = ['--wait', '--use-previous-template', '--termination-protection'];

export interface Scanned {
  positional: string[];
  values: Map<string, string[]>;
  booleans: Set<string>;
}

/** Splits argv into positionals and flags (`--flag value` and `--flag=value`). */
export function scan(argv: string[]): Scanned {
  const scanned: Scanned = { positional: [], values: new Map(), booleans: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      scanned.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOLEAN_FLAGS.includes(flag)) {
      if (eq > 0) throw new UsageError(`${flag} takes no value`);
      scanned.booleans.add(flag);
      continue;
    }
    if (!VALUE_FLAGS.includes(flag)) throw new UsageError(`unknown option ${flag}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    scanned.values.set(flag, [...(scanned.values.get(flag) ?? []), value]);
  }
  return scanned;
}

export function single(scanned: Scanned, flag: string): string | undefined {
  const values = scanned.values.get(flag);
  if (values && values.length > 1) throw new UsageError(`${flag} given more than once`);
  return values?.[0];
}

/** Refuses flags that mean nothing to this subcommand, so a typo never passes silently. */
export function only(scanned: Scanned, command: string, allowed: string[]): void {
  for (const flag of [...scanned.values.keys(), ...scanned.booleans]) {
    if (!allowed.includes(flag) && !CONNECTION_FLAGS.includes(flag)) throw new UsageError(`${flag} does not apply to stack ${command}`);
  }
}

export function operands(scanned: Scanned, command: string, names: string[]): string[] {
  const given = scanned.positional.slice(1);
  if (given.length !== names.length) {
    throw new UsageError(names.length === 0 ? `stack ${command} takes no arguments` : `stack ${command} needs ${names.join(' ')}`);
  }
  return given;
}

function parseParam(raw: string): [string, string] {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new UsageError(`--param expects KEY=VALUE, got "${raw}"`);
  return [raw.slice(0, eq), raw.slice(eq + 1)];
}

export function params(scanned: Scanned): Array<[string, string]> {
  return (scanned.values.get('--param') ?? []).map(parseParam);
}

export function timeoutMinutes(scanned: Scanned): number | undefined {
  const timeout = single(scanned, '--timeout');
  if (timeout !== undefined && !/^[1-9]\d*$/.test(timeout)) throw new UsageError(`--timeout expects a whole number of minutes, got "${timeout}"`);
  return timeout === undefined ? undefined : Number(timeout);
}
