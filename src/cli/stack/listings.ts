import { formatEventLine } from './progress-view';
import type { StackApi } from './stack-api';
import type { StackIo } from './operations';

/** `csf stack list`: NAME STATUS CREATED ID, aligned; "no stacks" on stderr keeps stdout parseable. */
export async function listStacks(api: StackApi, io: StackIo): Promise<number> {
  const stacks = await api.list();
  if (stacks.length === 0) {
    io.stderr.write('no stacks\n');
    return 0;
  }
  const rows = [['NAME', 'STATUS', 'CREATED', 'ID'], ...stacks.map((s) => [s.name, s.status, s.created ?? '', s.id])];
  const widths = [0, 1, 2].map((col) => Math.max(...rows.map((r) => r[col].length)));
  const text = rows.map((r) => r.map((cell, col) => (col < 3 ? cell.padEnd(widths[col]) : cell)).join('  ')).join('\n');
  io.stdout.write(`${text}\n`);
  return 0;
}

/** `csf stack events NAME|ID`: every event, oldest first, in the same form --wait prints them. */
export async function listEvents(api: StackApi, nameOrId: string, io: StackIo): Promise<number> {
  const stack = await api.find(nameOrId);
  if (!stack) {
    io.stderr.write(`csf: no stack ${nameOrId}\n`);
    return 1;
  }
  const events = await api.events(stack.id);
  io.stdout.write(events.map((e) => `${formatEventLine(e)}\n`).join(''));
  return 0;
}
