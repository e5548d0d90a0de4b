import { EntityManager, In } from 'typeorm';
import { Stack, StackOperation, StackParameter, StackUpdate } from '../../entities';
import { SECRET_MASK } from '../logging';
import { StackStatus } from './statuses';

/** The statuses that start an operation, and its kind. */
const STARTS: Record<string, string> = {
  [StackStatus.CREATE_IN_PROGRESS]: 'CREATE',
  [StackStatus.UPDATE_IN_PROGRESS]: 'UPDATE',
  [StackStatus.DELETE_IN_PROGRESS]: 'DELETE',
};

/** The statuses that end one, and how it ended. */
const ENDS: Record<string, string> = {
  [StackStatus.CREATE_COMPLETE]: 'COMPLETE',
  [StackStatus.CREATE_FAILED]: 'FAILED',
  [StackStatus.ROLLBACK_COMPLETE]: 'ROLLED_BACK',
  [StackStatus.ROLLBACK_FAILED]: 'FAILED',
  [StackStatus.UPDATE_COMPLETE]: 'COMPLETE',
  [StackStatus.UPDATE_FAILED]: 'FAILED',
  [StackStatus.UPDATE_ROLLBACK_COMPLETE]: 'ROLLED_BACK',
  [StackStatus.UPDATE_ROLLBACK_FAILED]: 'FAILED',
  [StackStatus.DELETE_COMPLETE]: 'COMPLETE',
  [StackStatus.DELETE_FAILED]: 'FAILED',
};

/** continueUpdateRollback takes a stopped update up again: its record is open once more. */
const RESUMES: Record<string, string> = { [StackStatus.UPDATE_ROLLBACK_IN_PROGRESS]: 'UPDATE' };

/** A create rolled back under OnFailure DELETE ends with the stack deleted: rolled back, not a delete. */
function endingOf(kind: string, status: string): string {
  return kind === 'CREATE' && status === StackStatus.DELETE_COMPLETE ? 'ROLLED_BACK' : ENDS[status];
}

const masked = (parameters: StackParameter[], noEchoKeys: string[]): StackParameter[] =>
  parameters.map((p) => ({ key: p.key, value: noEchoKeys.includes(p.key) ? SECRET_MASK : p.value }));

/**
 * Keeps the stack's operation records in step with its status, inside the transaction that
 * writes the status: an operation opens with the status that starts it and closes with the
 * status that ends it, so the history never disagrees with the stack.
 */
export async function recordOperation(manager: EntityManager, stack: Stack, status: string): Promise<void> {
  const repository = manager.getRepository(StackOperation);
  const open = await repository.find({ where: { stackId: stack.id, status: 'IN_PROGRESS' } });
  const kind = STARTS[status];
  if (kind) {
    if (open.some((operation) => operation.kind === kind)) return;
    // An operation that another takes over (a delete of a stack whose create is cancelled) ends there.
    if (open.length > 0) await repository.update({ id: In(open.map((operation) => operation.id)) }, { status: 'FAILED' });
    await repository.insert(await startOf(manager, stack, kind));
    return;
  }
  if (ENDS[status] && open.length > 0) {
    for (const operation of open) await repository.update({ id: operation.id }, { status: endingOf(operation.kind, status) });
    return;
  }
  const resumed = RESUMES[status];
  if (resumed && open.length === 0) {
    const [latest] = await repository.find({ where: { stackId: stack.id, kind: resumed }, order: { created: 'DESC' }, take: 1 });
    if (latest) await repository.update({ id: latest.id }, { status: 'IN_PROGRESS' });
  }
}

async function startOf(manager: EntityManager, stack: Stack, kind: string): Promise<StackOperation> {
  // Milliseconds, given here: SQLite's own default keeps whole seconds, and a stack's operations of one second would tie.
  const operation = Object.assign(new StackOperation(), { stackId: stack.id, kind, fromTemplateId: null, toTemplateId: null, created: new Date() });
  if (kind === 'CREATE') return Object.assign(operation, { toTemplateId: stack.templateId, parameters: masked(stack.parameters, stack.noEchoKeys) });
  if (kind === 'DELETE') return Object.assign(operation, { fromTemplateId: stack.templateId, parameters: masked(stack.parameters, stack.noEchoKeys) });
  // An update's record was written just before its status: the stack row still has the old template.
  const [update] = await manager.getRepository(StackUpdate).find({ where: { stackId: stack.id, status: 'IN_PROGRESS' }, order: { created: 'DESC' }, take: 1 });
  return Object.assign(operation, {
    id: update?.id ?? operation.id,
    fromTemplateId: stack.templateId,
    toTemplateId: update?.toTemplateId ?? null,
    parameters: update ? masked(update.toParameters, update.toNoEchoKeys) : [],
  });
}
