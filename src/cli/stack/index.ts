import { CloudStackApiError } from '../../cloudstack-api';
import { CloudStackClient, CloudStackTransportError } from '../../client';
import { applyChangeSet } from './apply-command';
import { parseStackArgs, STACK_USAGE, UsageError } from './args';
import { ChangeSetApi } from './change-set-api';
import { resolveConnection } from './credentials';
import { listEvents, listExports, listStacks } from './listings';
import { createStack, deleteStack, type StackIo } from './operations';
import { planStack } from './plan-command';
import type { OutputStream } from './progress-output';
import { StackApi } from './stack-api';
import { updateStack } from './update-command';

export interface StackCommandStreams {
  stdout: OutputStream & { isTTY?: boolean };
  stderr: OutputStream;
}

// A person is watching: answers matter more than sparing the service a request a second.
const POLL_INTERVAL_MS = 1_000;

/**
 * `csf stack ...` as a client of the service's own signed API. Exit codes: 0 the goal state
 * was reached (or the request was accepted, without --wait; or there was nothing to update),
 * 1 anything else, 2 usage; `plan` answers 2 when there are changes (see plan-command).
 */
export async function runStackCommand(argv: string[], env: Record<string, string | undefined>, streams: StackCommandStreams): Promise<number> {
  let client: CloudStackClient | undefined;
  try {
    const { command, connection } = parseStackArgs(argv);
    if (command.kind === 'help') {
      streams.stdout.write(STACK_USAGE);
      return 0;
    }
    const resolved = resolveConnection(connection, env);
    client = new CloudStackClient(resolved, {
      // A script wants a prompt answer when the service is down, not a minute of backoff.
      retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 },
      poll: { minIntervalMs: 500, maxIntervalMs: 2_000 },
    });
    const api = new StackApi(client);
    const io: StackIo = { stdout: streams.stdout, stderr: streams.stderr, interactive: streams.stdout.isTTY === true, pollIntervalMs: POLL_INTERVAL_MS };
    switch (command.kind) {
      case 'create':
        return await createStack(api, command, io);
      case 'update':
        return await updateStack(api, command, io);
      case 'plan':
        return await planStack(new ChangeSetApi(client), command, io);
      case 'apply':
        return await applyChangeSet(api, new ChangeSetApi(client), command, io);
      case 'delete':
        return await deleteStack(api, command, io);
      case 'list':
        return await listStacks(api, io);
      case 'exports':
        return await listExports(api, io);
      case 'events':
        return await listEvents(api, command.stack, io);
      default:
        throw new Error(`unhandled stack command ${(command as { kind: string }).kind}`);
    }
  } catch (error) {
    return report(error, streams.stderr);
  } finally {
    client?.close();
  }
}

function report(error: unknown, stderr: OutputStream): number {
  if (error instanceof UsageError) {
    stderr.write(`csf stack: ${error.message}\n(csf stack --help for usage)\n`);
    return 2;
  }
  if (error instanceof CloudStackApiError) {
    stderr.write(`csf: ${error.message} (errorcode ${error.errorcode})\n`);
    return 1;
  }
  if (error instanceof CloudStackTransportError) {
    stderr.write(`csf: the service did not answer: ${error.message}\n`);
    return 1;
  }
  throw error;
}
