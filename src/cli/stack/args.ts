/** Parses `csf stack ...` arguments; anything wrong is a UsageError (exit code 2). */

export const STACK_USAGE = `usage: csf stack <command> [connection flags]
  create NAME --template FILE [--param K=V]... [--wait] [--zone ZONEID]
              [--on-failure ROLLBACK|DO_NOTHING|DELETE] [--timeout MINUTES]
  list
  events NAME|ID
  delete NAME|ID [--wait]

connection flags (else CSF_URL, CSF_API_KEY, CSF_SECRET_KEY, else <DATA_DIR>/credentials.json):
  --url URL  --api-key KEY  --secret-key KEY  --user USERNAME (a user of credentials.json)
exit codes: 0 goal reached (CREATE_COMPLETE, DELETE_COMPLETE), 1 any other end or an API error, 2 usage
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ConnectionFlags {
  url?: string;
  apiKey?: string;
  secretKey?: string;
  user?: string;
}

export type OnFailure = 'ROLLBACK' | 'DO_NOTHING' | 'DELETE';

export type StackCommand =
  | { kind: 'create'; name: string; templateFile: string; params: Array<[string, string]>; wait: boolean; zoneId?: string; onFailure?: OnFailure; timeoutMinutes?: number }
  | { kind: 'list' }
  | { kind: 'events'; stack: string }
  | { kind: 'delete'; stack: string; wait: boolean }
  | { kind: 'help' };

export interface ParsedStackArgs {
  command: StackCommand;
  connection: ConnectionFlags;
}

const ON_FAILURE: readonly OnFailure[] = ['ROLLBACK', 'DO_NOTHING', 'DELETE'];
const VALUE_FLAGS = ['--template', '--param', '--zone', '--on-failure', '--timeout', '--url', '--api-key', '--secret-key', '--user'];
const BOOLEAN_FLAGS = ['--wait'];

interface Scanned {
  positional: string[];
  values: Map<string, string[]>;
  booleans: Set<string>;
}

/** Splits argv into positionals and flags (`--flag value` and `--flag=value`). */
function scan(argv: string[]): Scanned {
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

function single(scanned: Scanned, flag: string): string | undefined {
  const values = scanned.values.get(flag);
  if (values && values.length > 1) throw new UsageError(`${flag} given more than once`);
  return values?.[0];
}

/** Refuses flags that mean nothing to this subcommand, so a typo never passes silently. */
function only(scanned: Scanned, command: string, allowed: string[]): void {
  const connection = ['--url', '--api-key', '--secret-key', '--user'];
  for (const flag of [...scanned.values.keys(), ...scanned.booleans]) {
    if (!allowed.includes(flag) && !connection.includes(flag)) throw new UsageError(`${flag} does not apply to stack ${command}`);
  }
}

function operands(scanned: Scanned, command: string, names: string[]): string[] {
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

function parseCreate(scanned: Scanned): StackCommand {
  only(scanned, 'create', ['--template', '--param', '--wait', '--zone', '--on-failure', '--timeout']);
  const [name] = operands(scanned, 'create', ['NAME']);
  const templateFile = single(scanned, '--template');
  if (!templateFile) throw new UsageError('stack create needs --template FILE');
  const onFailure = single(scanned, '--on-failure')?.toUpperCase();
  if (onFailure !== undefined && !ON_FAILURE.includes(onFailure as OnFailure)) {
    throw new UsageError(`--on-failure expects ${ON_FAILURE.join(', ')}, got "${onFailure}"`);
  }
  const timeout = single(scanned, '--timeout');
  if (timeout !== undefined && !/^[1-9]\d*$/.test(timeout)) throw new UsageError(`--timeout expects a whole number of minutes, got "${timeout}"`);
  const params = (scanned.values.get('--param') ?? []).map(parseParam);
  return {
    kind: 'create',
    name,
    templateFile,
    params,
    wait: scanned.booleans.has('--wait'),
    zoneId: single(scanned, '--zone'),
    onFailure: onFailure as OnFailure | undefined,
    timeoutMinutes: timeout === undefined ? undefined : Number(timeout),
  };
}

function parseCommand(scanned: Scanned): StackCommand {
  const sub = scanned.positional[0];
  switch (sub) {
    case 'create':
      return parseCreate(scanned);
    case 'list':
      only(scanned, sub, []);
      operands(scanned, sub, []);
      return { kind: 'list' };
    case 'events': {
      only(scanned, sub, []);
      const [stack] = operands(scanned, sub, ['NAME|ID']);
      return { kind: 'events', stack };
    }
    case 'delete': {
      only(scanned, sub, ['--wait']);
      const [stack] = operands(scanned, sub, ['NAME|ID']);
      return { kind: 'delete', stack, wait: scanned.booleans.has('--wait') };
    }
    case 'help':
      return { kind: 'help' };
    case undefined:
      throw new UsageError('stack needs a command: create, list, events or delete');
    default:
      throw new UsageError(`unknown stack command "${sub}"`);
  }
}

export function parseStackArgs(argv: string[]): ParsedStackArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { command: { kind: 'help' }, connection: {} };
  const scanned = scan(argv);
  return {
    command: parseCommand(scanned),
    connection: {
      url: single(scanned, '--url'),
      apiKey: single(scanned, '--api-key'),
      secretKey: single(scanned, '--secret-key'),
      user: single(scanned, '--user'),
    },
  };
}
