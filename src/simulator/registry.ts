import type { CommandContext } from './context';
import type { RoleType } from './state/types';

/** Parameter types as listApis reports them (and as cmk understands them). */
export type ParamType = 'string' | 'uuid' | 'boolean' | 'integer' | 'long' | 'short' | 'map' | 'list' | 'date';

export interface ParamSpec {
  name: string;
  type: ParamType;
  description: string;
  required?: boolean;
  /** Max length; listApis reports 255 unless said otherwise. */
  length?: number;
  /** Comma-separated commands whose objects this parameter refers to. */
  related?: string;
  since?: string;
}

export interface ResponseField {
  name: string;
  type: 'string' | 'boolean' | 'integer' | 'long' | 'map' | 'list' | 'set' | 'date' | 'object';
  description: string;
}

export const ALL_ROLES: readonly RoleType[] = ['Admin', 'DomainAdmin', 'User'];

export interface CommandSpec {
  /** The API name, e.g. deployVirtualMachine. */
  name: string;
  description: string;
  isasync: boolean;
  since?: string;
  related?: string;
  /** Who may call it; others are told the command does not exist (432). Defaults to everyone. */
  roles?: readonly RoleType[];
  /** The Java command class shown in a job's `cmd`. */
  cmdClass?: string;
  /**
   * The envelope key, where the command class names it otherwise than `<name>response`
   * (see ../envelope.ts); used for its answers and its errors alike.
   */
  responseName?: string;
  params: ParamSpec[];
  response: ResponseField[];
  /**
   * Answers the payload inside the command's envelope: a list, `{<object>: {...}}`,
   * `{success: true}`, or, for async commands, what `ctx.submitJob(...)` returns.
   * Throw CloudStackApiError for errors.
   */
  handler(ctx: CommandContext): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** All commands of the simulator, looked up case-insensitively as the management server does. */
export class CommandRegistry {
  private readonly byName = new Map<string, CommandSpec>();

  register(...specs: CommandSpec[]): void {
    for (const spec of specs) {
      const key = spec.name.toLowerCase();
      if (this.byName.has(key)) throw new Error(`command ${spec.name} is registered twice`);
      this.byName.set(key, spec);
    }
  }

  find(name: string): CommandSpec | undefined {
    return this.byName.get(name.toLowerCase());
  }

  all(): CommandSpec[] {
    return [...this.byName.values()];
  }

  /** The commands a role may call. */
  availableTo(role: RoleType): CommandSpec[] {
    return this.all().filter((spec) => (spec.roles ?? ALL_ROLES).includes(role));
  }
}

/** Parameters shared by list commands, declared once. */
export const LIST_PARAMS: ParamSpec[] = [
  { name: 'keyword', type: 'string', description: 'List by keyword' },
  { name: 'page', type: 'integer', description: '' },
  { name: 'pagesize', type: 'integer', description: '' },
];

/** Parameters of list commands over account-owned objects. */
export const OWNED_LIST_PARAMS: ParamSpec[] = [
  ...LIST_PARAMS,
  { name: 'account', type: 'string', description: 'list resources by account. Must be used with the domainId parameter.' },
  { name: 'domainid', type: 'uuid', description: 'list only resources belonging to the domain specified', related: 'listDomains' },
  { name: 'isrecursive', type: 'boolean', description: 'defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves.' },
  { name: 'listall', type: 'boolean', description: "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false" },
];

export const TAGS_FILTER_PARAM: ParamSpec = {
  name: 'tags', type: 'map', description: 'List resources by tags (key/value pairs)',
};
