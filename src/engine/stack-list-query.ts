import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { Stack } from '../../entities';
import type { Caller } from '../auth/caller';
import { listScope, privilegeScope, type VisibilityScope } from '../auth/visibility';
import { listRowsFor, type ListRows } from './stack-list-rows';
import type { StackListFilter } from './stack-service';

/** The columns listStacks shows (stackView reads these and nothing else). */
export const LISTED_STACK_COLUMNS = [
  'id', 'name', 'description', 'status', 'statusReason', 'created', 'updated', 'accountName', 'accountId',
  'domainName', 'domainId', 'zoneId', 'parameters', 'noEchoKeys', 'outputs', 'tags', 'onFailure', 'timeoutInMinutes', 'terminationProtection',
] as const;

/** A stack as listStacks reads it: the view's columns only, never an entity. */
export type ListedStack = Pick<Stack, (typeof LISTED_STACK_COLUMNS)[number]>;

/** A page of stacks and the total. `kept`: the answer is shared (frozen) until the database changes. */
export interface ListedStacks {
  stacks: readonly ListedStack[];
  total: number;
  kept: boolean;
}

// '!' rather than backslash as the LIKE escape, as applyVisibility: no escaping itself in MySQL or SQLite.
function likePrefix(path: string): string {
  return `${path.replace(/[!%_]/g, (c) => `!${c}`)}/%`;
}

/**
 * Bounds of what is kept: answers (one per caller and filter), the rows of one answer, and the
 * rows of all (a row and its share of the rendered answer are about 1 KiB: a few MiB at most).
 */
const KEPT_ANSWERS = 128;
const KEPT_ROWS = 500;
const KEPT_ROWS_IN_ALL = 5_000;

/** One statement's text and its positional values. `?` placeholders suit better-sqlite3 and mysql2 alike. */
interface Statement {
  sql: string;
  values: unknown[];
}

/**
 * listStacks without TypeORM's query building and entity hydration, which were half of a
 * request's time under load (docs/performance.md, "Where a listStacks request's time goes"):
 * one narrow SELECT of the view's columns whose text is built once per filter shape, rows as
 * arrays decoded by the driver's own hydration of each typed column (so dates and JSON read
 * exactly as the entity would), and the count only when the page cannot tell the total itself.
 *
 * On SQLite an answer is also kept until the database changes: its key is the statement's text
 * and values (the caller's visibility is among them, so no caller gets another's answer) and it
 * holds only while the database's version (stack-list-rows.ts) is the one read before it, so it
 * is always what a fresh read would return. Every write clears it, a build's too.
 *
 * The rows are those of StackService.list (test/integration/stacks/list-query.test.ts holds the
 * two to the same answer for every caller and filter).
 */
export class StackListQuery {
  private readonly texts = new Map<string, string>();
  private readonly columns: ReadonlyArray<{ name: string; metadata: ColumnMetadata; hydrate: boolean }>;
  private source?: ListRows;
  private kept = new Map<string, ListedStacks>();
  private keptRows = 0;
  private keptVersion?: string;

  constructor(private readonly dataSource: DataSource) {
    const metadata = dataSource.getMetadata(Stack);
    this.columns = LISTED_STACK_COLUMNS.map((name) => {
      const column = metadata.findColumnWithPropertyName(name);
      if (!column) throw new Error(`stack has no column ${name}`);
      // Strings come back as they are stored on every driver; dates, JSON and numbers need the driver.
      return { name: column.databaseName, metadata: column, hydrate: column.type !== 'varchar' || column.transformer !== undefined };
    });
  }

  async list(caller: Caller, filter: StackListFilter): Promise<ListedStacks> {
    const where = this.conditions(filter.id ? privilegeScope(caller) : listScope(caller, filter.listall), filter);
    const paging = filter.paging;
    const offset = paging ? (paging.page - 1) * paging.pagesize : 0;
    const page = this.text(`page ${where.shape} ${paging ? 'paged' : 'all'}`, () => {
      const selected = this.columns.map((c) => this.quote(c.name)).join(', ');
      const order = `ORDER BY ${this.quote('created')} DESC, ${this.quote('id')} ASC`;
      return `SELECT ${selected} FROM ${this.quote('stack')}${where.sql} ${order}${paging ? ' LIMIT ? OFFSET ?' : ''}`;
    });
    const values = paging ? [...where.values, paging.pagesize, offset] : where.values;
    const source = (this.source = listRowsFor(this.dataSource, this.source));
    // Read before the rows: a write between the two makes the next request read again.
    const version = source.version();
    const key = `${page}\u0000${JSON.stringify(values)}`;
    if (version !== undefined && version === this.keptVersion) {
      const kept = this.kept.get(key);
      if (kept) return kept;
    }
    const rows = await source.rows(page, values, this.columns.map((c) => c.name));
    const stacks = rows.map((row) => this.decode(row));
    const answer = { stacks, total: await this.total(source, where, stacks.length, paging?.pagesize, offset), kept: false };
    return this.keep(version, key, answer);
  }

  /** The answer as kept (when it may be), else as read. */
  private keep(version: string | undefined, key: string, answer: ListedStacks): ListedStacks {
    if (version === undefined || answer.stacks.length > KEPT_ROWS) return answer;
    if (version !== this.keptVersion || this.kept.size >= KEPT_ANSWERS || this.keptRows + answer.stacks.length > KEPT_ROWS_IN_ALL) {
      this.kept = new Map();
      this.keptRows = 0;
      this.keptVersion = version;
    }
    // Shared by every request with this key, which only reads it (stackView copies what it shows):
    // the list and its rows are frozen, so that a change by mistake fails instead of spreading.
    for (const stack of answer.stacks) Object.freeze(stack);
    const kept: ListedStacks = Object.freeze({ stacks: Object.freeze(answer.stacks), total: answer.total, kept: true });
    this.kept.set(key, kept);
    this.keptRows += kept.stacks.length;
    return kept;
  }

  /**
   * A page that is not full, and not past the end, holds the last of the rows: the total is its
   * offset plus its length. Only a full page (or an empty one past the end) needs the count.
   */
  private async total(source: ListRows, where: Statement & { shape: string }, listed: number, pagesize: number | undefined, offset: number): Promise<number> {
    if (pagesize === undefined || (listed < pagesize && (listed > 0 || offset === 0))) return offset + listed;
    const count = this.text(`count ${where.shape}`, () => `SELECT COUNT(*) AS ${this.quote('total')} FROM ${this.quote('stack')}${where.sql}`);
    const [row] = await source.rows(count, where.values, ['total']);
    return Number(row[0]);
  }
  /**
   * The WHERE clause of StackService.list, with its values in order. `shape` names which
   * conditions it has: the text depends on nothing else, so it is built once per shape.
   */
  private conditions(scope: VisibilityScope, filter: StackListFilter): Statement & { shape: string } {
    const parts: Array<{ key: string; sql: () => string; values: unknown[] }> = [];
    const q = (name: string) => this.quote(name);
    if (scope.kind === 'account') parts.push({ key: 'account', sql: () => `${q('accountId')} = ?`, values: [scope.accountId] });
    if (scope.kind === 'domain') {
      parts.push({ key: 'domain', sql: () => `(${q('domainPath')} = ? OR ${q('domainPath')} LIKE ? ESCAPE '!')`, values: [scope.domainPath, likePrefix(scope.domainPath)] });
    }
    if (filter.id) parts.push({ key: 'id', sql: () => `${q('id')} = ?`, values: [filter.id] });
    if (filter.name) parts.push({ key: 'name', sql: () => `${q('name')} = ?`, values: [filter.name] });
    if (filter.status) parts.push({ key: 'status', sql: () => `${q('status')} = ?`, values: [filter.status] });
    else if (!filter.id) parts.push({ key: 'live', sql: () => `${q('deleted')} = ?`, values: [false] });
    if (filter.keyword) parts.push({ key: 'keyword', sql: () => `${q('name')} LIKE ?`, values: [`%${filter.keyword}%`] });
    const shape = parts.map((p) => p.key).join(',');
    const sql = this.text(`where ${shape}`, () => (parts.length ? ` WHERE ${parts.map((p) => p.sql()).join(' AND ')}` : ''));
    return { sql, values: parts.flatMap((p) => p.values), shape };
  }

  private text(key: string, build: () => string): string {
    let text = this.texts.get(key);
    if (text === undefined) {
      text = build();
      this.texts.set(key, text);
    }
    return text;
  }

  private quote(name: string): string {
    return this.dataSource.driver.escape(name);
  }

  /** Each value as the entity would hold it: the driver's hydration (dates, JSON, numbers) of that column. */
  private decode(row: unknown[]): ListedStack {
    const stack: Record<string, unknown> = {};
    const driver = this.dataSource.driver;
    for (let i = 0; i < this.columns.length; i++) {
      const { metadata, hydrate } = this.columns[i];
      stack[metadata.propertyName] = hydrate ? driver.prepareHydratedValue(row[i], metadata) : row[i];
    }
    return stack as unknown as ListedStack;
  }
}
