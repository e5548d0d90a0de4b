import { STACK_EVENT_RESOURCE_TYPE } from '../../engine/statuses';
import { ResourceRegistry } from '../../resources/registry';
import {
  ANSI_COLORS, DEFAULT_EVENT_COLUMNS, EventColumns, formatEventLine, formatEventRow, ProgressState, renderOutputs, renderStatusLine, renderSummary,
} from './progress-view';
import type { StackEventRecord, StackOutput } from './stack-api';

/** What a watched operation looks like so far; the output adds the elapsed time itself. */
export type ProgressCounts = Omit<ProgressState, 'elapsedMs'>;

/** Where a watched stack operation is shown: a live terminal view or plain lines. */
export interface ProgressOutput {
  events(events: readonly StackEventRecord[], counts: ProgressCounts): void;
  update(counts: ProgressCounts): void;
  finish(counts: ProgressCounts, outputs: readonly StackOutput[], reason?: string): void;
}

export interface OutputStream {
  write(text: string): unknown;
  columns?: number;
}

/** Without a terminal: one line per event, then the summary and the outputs. Nothing is redrawn. */
export class PlainProgress implements ProgressOutput {
  private readonly startedAt = Date.now();

  constructor(private readonly out: OutputStream) {}

  events(events: readonly StackEventRecord[]): void {
    for (const event of events) this.out.write(`${formatEventLine(event)}\n`);
  }

  update(): void {}

  finish(counts: ProgressCounts, outputs: readonly StackOutput[], reason?: string): void {
    const lines = [renderSummary({ ...counts, elapsedMs: Date.now() - this.startedAt }, reason), ...renderOutputs(outputs)];
    this.out.write(`${lines.join('\n')}\n`);
  }
}

const CLEAR_LINE = '\r\x1b[2K';
// Often enough that the clock visibly ticks, rarely enough to cost nothing over SSH.
const REDRAW_MS = 250;

/**
 * On a terminal: events scroll by above a status line (bar, counts, status, clock) that is the
 * only thing redrawn, so the scrollback keeps every event exactly once.
 */
/**
 * The type column fits every type a stack can report (the longest is known from the registry);
 * the logical-id column grows with the longest id seen, so rows stay aligned as events arrive.
 */
function initialColumns(logicalIds: readonly string[]): EventColumns {
  const types = [STACK_EVENT_RESOURCE_TYPE, ...new ResourceRegistry().list().map((t) => t.schema.typeName)];
  return { logicalId: Math.max(DEFAULT_EVENT_COLUMNS.logicalId, ...logicalIds.map((id) => id.length)), type: Math.max(...types.map((t) => t.length)) };
}

export class TerminalProgress implements ProgressOutput {
  private readonly startedAt = Date.now();
  private readonly columns: EventColumns;
  private counts: ProgressCounts | undefined;
  private readonly timer: NodeJS.Timeout;

  /** `logicalIds`: the ids the operation will report, when known (the template's, the stack name). */
  constructor(private readonly out: OutputStream, logicalIds: readonly string[] = []) {
    this.columns = initialColumns(logicalIds);
    this.timer = setInterval(() => this.redraw(), REDRAW_MS);
  }

  private get width(): number {
    return Math.max(20, this.out.columns ?? 80);
  }

  private state(counts: ProgressCounts): ProgressState {
    return { ...counts, elapsedMs: Date.now() - this.startedAt };
  }

  private redraw(): void {
    if (!this.counts) return;
    this.out.write(`${CLEAR_LINE}${renderStatusLine(this.state(this.counts), this.width - 1, ANSI_COLORS)}`);
  }

  events(events: readonly StackEventRecord[], counts: ProgressCounts): void {
    this.counts = counts;
    for (const e of events) this.columns.logicalId = Math.max(this.columns.logicalId, e.logicalid.length);
    const rows = events.map((e) => `${formatEventRow(e, this.width - 1, ANSI_COLORS, this.columns)}\n`).join('');
    this.out.write(`${CLEAR_LINE}${rows}`);
    this.redraw();
  }

  update(counts: ProgressCounts): void {
    this.counts = counts;
    this.redraw();
  }

  finish(counts: ProgressCounts, outputs: readonly StackOutput[], reason?: string): void {
    clearInterval(this.timer);
    const state = this.state(counts);
    const lines = [renderStatusLine(state, this.width - 1, ANSI_COLORS), '', renderSummary(state, reason)];
    const table = renderOutputs(outputs);
    if (table.length > 0) lines.push('', ...table);
    this.out.write(`${CLEAR_LINE}${lines.join('\n')}\n`);
  }

  /** Leaves the terminal tidy when the watch is interrupted. */
  stop(): void {
    clearInterval(this.timer);
    this.out.write('\n');
  }
}
