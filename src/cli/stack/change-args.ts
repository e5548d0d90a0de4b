/** Parses the arguments of the commands that change a live stack: update, plan, apply. */
import { isUuid } from '../../client';
import { only, operands, params, single, timeoutMinutes, UsageError, type Scanned } from './arg-scan';

/** Where the new template comes from: a file, or the stack's own (to change parameter values only). */
export type TemplateSource = { kind: 'file'; path: string } | { kind: 'previous' };

export interface UpdateCommand {
  kind: 'update';
  stack: string;
  template: TemplateSource;
  params: Array<[string, string]>;
  wait: boolean;
  timeoutMinutes?: number;
}

export interface PlanCommand {
  kind: 'plan';
  stack: string;
  template: TemplateSource;
  params: Array<[string, string]>;
  /** Undefined: the plan names it after the time it is made. */
  changeSetName?: string;
}

export interface ApplyCommand {
  kind: 'apply';
  changeSetId: string;
  wait: boolean;
}

// The service's rule for change set names, checked here so a bad name is a usage error, not a 431.
const CHANGE_SET_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** Exactly one of --template FILE and --use-previous-template, as updateStack accepts exactly one. */
function templateSource(scanned: Scanned, command: string): TemplateSource {
  const path = single(scanned, '--template');
  const previous = scanned.booleans.has('--use-previous-template');
  if (path !== undefined && previous) throw new UsageError(`stack ${command} takes --template FILE or --use-previous-template, not both`);
  if (path !== undefined) return { kind: 'file', path };
  if (previous) return { kind: 'previous' };
  throw new UsageError(`stack ${command} needs --template FILE or --use-previous-template`);
}

export function parseUpdate(scanned: Scanned): UpdateCommand {
  only(scanned, 'update', ['--template', '--use-previous-template', '--param', '--wait', '--timeout']);
  const [stack] = operands(scanned, 'update', ['NAME|ID']);
  return {
    kind: 'update',
    stack,
    template: templateSource(scanned, 'update'),
    params: params(scanned),
    wait: scanned.booleans.has('--wait'),
    timeoutMinutes: timeoutMinutes(scanned),
  };
}

export function parsePlan(scanned: Scanned): PlanCommand {
  only(scanned, 'plan', ['--template', '--use-previous-template', '--param', '--change-set']);
  const [stack] = operands(scanned, 'plan', ['NAME|ID']);
  const changeSetName = single(scanned, '--change-set');
  if (changeSetName !== undefined && !CHANGE_SET_NAME.test(changeSetName)) {
    throw new UsageError(`--change-set expects a letter, then letters, digits and hyphens (at most 128 characters), got "${changeSetName}"`);
  }
  return { kind: 'plan', stack, template: templateSource(scanned, 'plan'), params: params(scanned), changeSetName };
}

export function parseApply(scanned: Scanned): ApplyCommand {
  only(scanned, 'apply', ['--wait']);
  const [changeSetId] = operands(scanned, 'apply', ['CHANGESET_ID']);
  // Change set names are unique per stack only: the id is the one unambiguous handle.
  if (!isUuid(changeSetId)) throw new UsageError(`stack apply needs the change set's id (a UUID, as stack plan prints it), got "${changeSetId}"`);
  return { kind: 'apply', changeSetId, wait: scanned.booleans.has('--wait') };
}
