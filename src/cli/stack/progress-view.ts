/** Pure rendering of stack progress: state in, text out. No I/O, so it is tested without a terminal. */
import type { StackEventRecord, StackOutput } from './stack-api';

export interface ProgressState {
  stackName: string;
  /** The stack's status as its latest stack event says. */
  status: string;
  done: number;
  /** Undefined while the total is not known yet. */
  total?: number;
  /**
   * What `done` counts: "resources" while creating, "resources deleted" while deleting, "changed"
   * while updating and "rolled back" once an update rolls back.
   */
  unit: string;
  /** What resources in progress report of themselves ("Agents 37 of 100 members running"). */
  detail?: string;
  elapsedMs: number;
}

export interface Colors {
  good(text: string): string;
  bad(text: string): string;
  busy(text: string): string;
  dim(text: string): string;
}

const plain = (text: string): string => text;
export const NO_COLORS: Colors = { good: plain, bad: plain, busy: plain, dim: plain };
export const ANSI_COLORS: Colors = {
  good: (t) => `\x1b[32m${t}\x1b[39m`,
  bad: (t) => `\x1b[31m${t}\x1b[39m`,
  busy: (t) => `\x1b[33m${t}\x1b[39m`,
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
};

const MAX_BAR = 30;
const MIN_BAR = 5;

/** 0:07, 1:05, 1:02:03 — a stopwatch, because that is what the reader compares it with. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function colorStatus(status: string, colors: Colors): string {
  // UPDATE_ROLLBACK_COMPLETE ends like a success but is a failed update: any rollback is bad news.
  if (/FAILED$/.test(status) || status.includes('ROLLBACK')) return colors.bad(status);
  if (/COMPLETE$|SKIPPED$/.test(status)) return colors.good(status);
  return colors.busy(status);
}

export function renderBar(done: number, total: number, width: number): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/**
 * The one line that is redrawn in place: `[#####-----] 7/12 resources  CREATE_IN_PROGRESS  0:42`.
 * It never exceeds `width` columns, or the terminal would wrap it and the redraw would leave
 * stale lines behind: the bar shrinks first, then disappears, then the text is cut.
 */
export function renderStatusLine(state: ProgressState, width: number, colors: Colors = NO_COLORS): string {
  const counted = state.total === undefined ? `${state.done} ${state.unit}` : `${state.done}/${state.total} ${state.unit}`;
  // The resources' own progress goes first when the line is short: the counts and status stay.
  const withDetail = state.detail ? `${counted} (${state.detail})` : counted;
  const count = state.detail && `${withDetail}  ${state.status}  ${formatElapsed(state.elapsedMs)}`.length <= width ? withDetail : counted;
  const time = formatElapsed(state.elapsedMs);
  const text = `${count}  ${state.status}  ${time}`;
  // What is left for the bar's cells once its brackets and the space after it are placed.
  const room = width - text.length - 3;
  if (state.total !== undefined && room >= MIN_BAR) {
    const bar = renderBar(state.done, state.total, Math.min(MAX_BAR, room));
    return `${bar} ${count}  ${colorStatus(state.status, colors)}  ${time}`;
  }
  if (text.length <= width) return `${count}  ${colorStatus(state.status, colors)}  ${time}`;
  return text.slice(0, Math.max(0, width));
}

/** The non-terminal form: one self-contained line per event, easy to grep and to log. */
export function formatEventLine(event: StackEventRecord): string {
  return [`${event.timestamp} ${event.logicalid} ${event.resourcetype} ${event.status}`, event.statusreason, event.note && `(${event.note})`].filter(Boolean).join(' ');
}

/** How wide the logical-id and type columns of the terminal form are. */
export interface EventColumns {
  logicalId: number;
  type: number;
}

export const DEFAULT_EVENT_COLUMNS: EventColumns = { logicalId: 18, type: 34 };

/** The terminal form: the time of day and aligned columns, cut to the terminal width. */
export function formatEventRow(event: StackEventRecord, width: number, colors: Colors = NO_COLORS, columns: EventColumns = DEFAULT_EVENT_COLUMNS): string {
  const time = /T(\d\d:\d\d:\d\d)/.exec(event.timestamp)?.[1] ?? event.timestamp;
  const head = `${time}  ${event.logicalid.padEnd(columns.logicalId)} ${event.resourcetype.padEnd(columns.type)} `;
  const reason = [event.statusreason, event.note && `(${event.note})`].filter(Boolean).map((text) => `  ${text}`).join('');
  const visible = head.length + event.status.length + reason.length;
  if (visible <= width) return `${colors.dim(head)}${colorStatus(event.status, colors)}${colors.dim(reason)}`;
  const fitted = `${head}${event.status}${reason}`.slice(0, Math.max(0, width - 1));
  return `${fitted}…`;
}

/** `Outputs:` then one aligned `KEY  VALUE  DESCRIPTION` row per output; values are never cut. */
export function renderOutputs(outputs: readonly StackOutput[]): string[] {
  if (outputs.length === 0) return [];
  const keyWidth = Math.max(...outputs.map((o) => o.key.length));
  const valueWidth = Math.max(...outputs.map((o) => o.value.length));
  return [
    'Outputs:',
    ...outputs.map((o) => (o.description ? `  ${o.key.padEnd(keyWidth)}  ${o.value.padEnd(valueWidth)}  ${o.description}` : `  ${o.key.padEnd(keyWidth)}  ${o.value}`)),
  ];
}

/** The closing line: the goal state or what went wrong instead, with the time it took. */
export function renderSummary(state: ProgressState, reason?: string): string {
  const count = state.total === undefined ? `${state.done} ${state.unit}` : `${state.done}/${state.total} ${state.unit}`;
  const because = reason ? `: ${reason}` : '';
  return `Stack ${state.stackName} ${state.status} after ${formatElapsed(state.elapsedMs)} (${count})${because}`;
}
