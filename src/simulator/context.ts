import { paginate, parseMapParam, parsePaging, type RequestParams, listPayload } from '../cloudstack-api';
import { assertAccess, listScope, type Caller } from './access';
import { entityNotFound } from './errors';
import type { JobWork } from './jobs';
import type { CommandSpec } from './registry';
import type { SimulatorRuntime } from './runtime';
import type { Owned } from './state/types';
import { matchesTagFilter } from './tags';

/**
 * One API call as a handler sees it: the caller, the (already type-checked) parameters, and the
 * helpers every command needs — typed reads, owned-object lookups with permission checks,
 * list filtering and paging, job submission.
 */
export class CommandContext {
  constructor(
    readonly sim: SimulatorRuntime,
    readonly spec: CommandSpec,
    readonly params: RequestParams,
    readonly caller: Caller,
    readonly method: 'GET' | 'POST',
  ) {}

  get state() {
    return this.sim.state;
  }

  get command(): string {
    return this.spec.name;
  }

  get isAdmin(): boolean {
    return this.caller.role === 'Admin';
  }

  str(name: string): string | undefined {
    return this.params[name];
  }

  /** Required parameters are enforced before the handler runs; this only narrows the type. */
  requireStr(name: string): string {
    const value = this.params[name];
    if (value === undefined) throw new Error(`parameter ${name} of ${this.command} must be declared required`);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.params[name];
    return value === undefined ? fallback : value.toLowerCase() === 'true';
  }

  int(name: string): number | undefined {
    const value = this.params[name];
    return value === undefined ? undefined : Number(value);
  }

  /** A list parameter: comma-separated values, blanks dropped. */
  list(name: string): string[] | undefined {
    const value = this.params[name];
    return value === undefined ? undefined : value.split(',').map((v) => v.trim()).filter(Boolean);
  }

  map(name: string): Array<Record<string, string>> | undefined {
    return parseMapParam(this.params, name);
  }

  /** Looks up an owned object by id; unknown → 431 naming the parameter, someone else's → 531. */
  owned<T extends Owned>(collection: Map<string, T>, param: string, id = this.params[param]): T {
    const found = id === undefined ? undefined : collection.get(id);
    if (!found || id === undefined) throw entityNotFound(this.command, param, id ?? '');
    assertAccess(this.state, this.caller, found);
    return found;
  }

  /** Looks up a shared object (zone, offering...) by id; unknown → 431 naming the parameter. */
  shared<T>(collection: Map<string, T>, param: string, id = this.params[param]): T {
    const found = id === undefined ? undefined : collection.get(id);
    if (!found || id === undefined) throw entityNotFound(this.command, param, id ?? '');
    return found;
  }

  /** The owner filter of list commands (listall, account, domainid, isrecursive). */
  scope(): (owned: Owned) => boolean {
    return listScope(this.state, this.caller, this.params, this.command);
  }

  /**
   * Answers a list: applies keyword (on the given text fields), tags[n].key/value filters and
   * paging, and renders the page with `view`; count stays the total, as CloudStack reports it.
   */
  listAnswer<T extends { id: string }>(
    objectName: string,
    items: T[],
    view: (item: T) => object,
    keywordOf: (item: T) => string[] = () => [],
  ): Record<string, unknown> {
    const paging = parsePaging(this.params);
    const keyword = this.params.keyword?.toLowerCase();
    const tagFilter = this.map('tags');
    const matching = items.filter((item) =>
      (keyword === undefined || keywordOf(item).some((text) => text.toLowerCase().includes(keyword))) &&
      (tagFilter === undefined || matchesTagFilter(this.state, item.id, tagFilter)));
    return listPayload(objectName, paginate(matching, paging).map(view), matching.length);
  }

  submitJob(work: JobWork): Record<string, unknown> {
    const cmdClass = this.spec.cmdClass ?? `org.apache.cloudstack.api.command.user.${this.command}Cmd`;
    return this.sim.jobs.submit(this.caller, this.command, cmdClass, work);
  }
}
