/** Parses `csf stack ...` arguments; anything wrong is a UsageError (exit code 2). */
import { only, operands, params, scan, single, timeoutMinutes, UsageError, type Scanned } from './arg-scan';
import { parseApply, parsePlan, parseUpdate, type ApplyCommand, type PlanCommand, type UpdateCommand } from './change-args';

export { UsageError };

export const STACK_USAGE = `usage: csf stack <command> [connection flags]
  create NAME --template FILE [--param K=V]... [--wait] [--zone ZONEID]
              [--on-failure ROLLBACK|DO_NOTHING|DELETE] [--timeout MINUTES]
              [--termination-protection]   deleteStack refuses it until turned off
  list
  exports                              the account's exports and the stacks importing each
  events NAME|ID
  update NAME|ID (--template FILE | --use-previous-template) [--param K=V]... [--wait]
              [--timeout MINUTES]      a parameter left out keeps its value
  plan NAME|ID (--template FILE | --use-previous-template) [--param K=V]...
              [--change-set NAME]      makes a change set and prints what it would do
  apply CHANGESET_ID [--wait]          executes a change set made by plan
  delete NAME|ID [--wait]

connection flags (else CSF_URL, CSF_API_KEY, CSF_SECRET_KEY, else <DATA_DIR>/credentials.json):
  --url URL  --api-key KEY  --secret-key KEY  --user USERNAME (a user of credentials.json)
exit codes: 0 goal reached (CREATE_COMPLETE, UPDATE_COMPLETE, DELETE_COMPLETE) or nothing to
  update, 1 any other end or an API error, 2 bad usage
plan, as terraform plan -detailed-exitcode: 0 no changes, 2 changes (the change set is kept for
  apply; its id is on stdout, which bad usage leaves empty), 1 an error
`;

export interface ConnectionFlags {
  url?: string;
  apiKey?: string;
  secretKey?: string;
  user?: string;
}

export type OnFailure = 'ROLLBACK' | 'DO_NOTHING' | 'DELETE';

export type StackCommand =
  | { kind: 'create'; name: string; templateFile: string; params: Array<[string, string]>; wait: boolean; zoneId?: string; onFailure?: OnFailure; timeoutMinutes?: number; terminationProtection: boolean }
  | { kind: 'list' }
  | { kind: 'exports' }
  | { kind: 'events'; stack: string }
  | { kind: 'delete'; stack: string; wait: boolean }
  | UpdateCommand
  | PlanCommand
  | ApplyCommand
  | { kind: 'help' };

export interface ParsedStackArgs {
  command: StackCommand;
  connection: ConnectionFlags;
}

const ON_FAILURE: readonly OnFailure[] = ['ROLLBACK', 'DO_NOTHING', 'DELETE'];

function parseCreate(scanned: Scanned): StackCommand {
  only(scanned, 'create', ['--template', '--param', '--wait', '--zone', '--on-failure', '--timeout', '--termination-protection']);
  const [name] = operands(scanned, 'create', ['NAME']);
  const templateFile = single(scanned, '--template');
  if (!templateFile) throw new UsageError('stack create needs --template FILE');
  const onFailure = single(scanned, '--on-failure')?.toUpperCase();
  if (onFailure !== undefined && !ON_FAILURE.includes(onFailure as OnFailure)) {
    throw new UsageError(`--on-failure expects ${ON_FAILURE.join(', ')}, got "${onFailure}"`);
  }
  return {
    kind: 'create',
    name,
    templateFile,
    params: params(scanned),
    wait: scanned.booleans.has('--wait'),
    zoneId: single(scanned, '--zone'),
    onFailure: onFailure as OnFailure | undefined,
    timeoutMinutes: timeoutMinutes(scanned),
    terminationProtection: scanned.booleans.has('--termination-protection'),
  };
}

function parseCommand(scanned: Scanned): StackCommand {
  const sub = scanned.positional[0];
  switch (sub) {
    case 'create':
      return parseCreate(scanned);
    case 'update':
      return parseUpdate(scanned);
    case 'plan':
      return parsePlan(scanned);
    case 'apply':
      return parseApply(scanned);
    case 'list':
      only(scanned, sub, []);
      operands(scanned, sub, []);
      return { kind: 'list' };
    case 'exports':
      only(scanned, sub, []);
      operands(scanned, sub, []);
      return { kind: 'exports' };
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
      throw new UsageError('stack needs a command: create, list, exports, events, update, plan, apply or delete');
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
