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
  io.stdout.write(aligned([['NAME', 'STATUS', 'CREATED', 'ID'], ...stacks.map((s) => [s.name, s.status, s.created ?? '', s.id])]));
  return 0;
}

/** `csf stack exports`: NAME VALUE STACK IMPORTED-BY, aligned; "no exports" on stderr. */
export async function listExports(api: StackApi, io: StackIo): Promise<number> {
  const exports = await api.exports();
  if (exports.length === 0) {
    io.stderr.write('no exports\n');
    return 0;
  }
  const importers = await Promise.all(exports.map((e) => api.importers(e.name)));
  io.stdout.write(aligned([['NAME', 'VALUE', 'STACK', 'IMPORTED BY'], ...exports.map((e, i) => [e.name, e.value, e.stackname, importers[i].join(',') || '-'])]));
  return 0;
}

/** Rows as columns two spaces apart, the last column unpadded. */
function aligned(rows: string[][]): string {
  const last = rows[0].length - 1;
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return `${rows.map((r) => r.map((cell, col) => (col < last ? cell.padEnd(widths[col]) : cell)).join('  ')).join('\n')}\n`;
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
