import { readFile } from 'node:fs/promises';
import { UsageError, type StackCommand } from './args';
import { plannedResourceCount, templateLogicalIds } from './planned-total';
import { PlainProgress, TerminalProgress, type OutputStream, type ProgressOutput } from './progress-output';
import type { StackApi } from './stack-api';
import { watchStackJob, type WatchResult } from './watch';

export interface StackIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Whether stdout is a terminal: the live view, or plain lines for logs and scripts. */
  interactive: boolean;
  pollIntervalMs: number;
}

type Create = Extract<StackCommand, { kind: 'create' }>;
type Delete = Extract<StackCommand, { kind: 'delete' }>;

/** Watches a job and reports its end; resolves to the exit code. */
export async function follow(io: StackIo, goal: string, logicalIds: string[], run: (output: ProgressOutput) => Promise<WatchResult>): Promise<number> {
  const terminal = io.interactive ? new TerminalProgress(io.stdout, logicalIds) : undefined;
  const output = terminal ?? new PlainProgress(io.stdout);
  // Ctrl-C stops watching, not the stack: the operation goes on in the service.
  const interrupt = (): void => {
    terminal?.stop();
    io.stderr.write('Stopped watching; the stack operation continues on the service (see csf stack events).\n');
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  let result: WatchResult;
  try {
    result = await run(output);
  } catch (error) {
    terminal?.stop();
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
  }
  const reached = result.counts.status === goal;
  const reason = reached ? undefined : result.stack?.statusreason;
  // Outputs describe a live stack: only a finished create or update has any worth printing.
  const outputs = reached && goal !== 'DELETE_COMPLETE' ? result.stack?.outputs ?? [] : [];
  output.finish(result.counts, outputs, reason);
  if (result.error) io.stderr.write(`csf: ${(result.error as Error).message}\n`);
  return reached ? 0 : 1;
}

export async function readTemplate(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read template ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

export async function createStack(api: StackApi, command: Create, io: StackIo): Promise<number> {
  const templateBody = await readTemplate(command.templateFile);
  const { id, jobid } = await api.create({ ...command, templateBody });
  if (!command.wait) {
    io.stdout.write(`Creating stack ${command.name}: id=${id} jobid=${jobid}\n`);
    return 0;
  }
  if (io.interactive) io.stdout.write(`Creating stack ${command.name} (${id})\n`);
  const plannedTotal = plannedResourceCount(templateBody, command.params, command.name);
  return follow(io, 'CREATE_COMPLETE', [command.name, ...templateLogicalIds(templateBody)], (output) =>
    watchStackJob({ api, stackId: id, stackName: command.name, jobid, mode: 'create', plannedTotal, pollIntervalMs: io.pollIntervalMs }, output));
}

export async function deleteStack(api: StackApi, command: Delete, io: StackIo): Promise<number> {
  const stack = await api.find(command.stack);
  if (!stack || stack.status === 'DELETE_COMPLETE') {
    io.stderr.write(`csf: no stack ${command.stack}\n`);
    return 1;
  }
  // The creation's events are history; only what this delete does is shown.
  const before = command.wait ? await api.events(stack.id) : [];
  const { jobid } = await api.delete(stack.id);
  if (!command.wait) {
    io.stdout.write(`Deleting stack ${stack.name}: id=${stack.id} jobid=${jobid}\n`);
    return 0;
  }
  if (io.interactive) io.stdout.write(`Deleting stack ${stack.name} (${stack.id})\n`);
  return follow(io, 'DELETE_COMPLETE', before.map((e) => e.logicalid), (output) =>
    watchStackJob({ api, stackId: stack.id, stackName: stack.name, jobid, mode: 'delete', seenEventIds: before.map((e) => e.id), pollIntervalMs: io.pollIntervalMs }, output));
}
