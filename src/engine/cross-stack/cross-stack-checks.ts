import { type DataSource, In } from 'typeorm';
import { Stack } from '../../../entities';
import { ValidationError } from '../../errors';
import type { CrossStackNames } from '../../template';
import { StackStatus } from '../statuses';
import { exportHolders, importersOfExports, listedNames, stackNames } from './cross-stack-store';

/**
 * Checks a create or an update's cross-stack references before anything is written: every
 * import exists (and is not the stack's own), no export name is held by another stack, and an
 * update drops no export that another stack imports. `stack.id` is absent for a new stack.
 */
export async function checkCrossStackReferences(dataSource: DataSource, stack: Pick<Stack, 'accountId'> & { id?: string }, names: CrossStackNames, exports: ReadonlyMap<string, string>): Promise<void> {
  const manager = dataSource.manager;
  for (const name of names.imports) {
    if (!exports.has(name)) throw new ValidationError(`No export named ${name} found.`);
  }
  const holders = await exportHolders(manager, stack.accountId, names.imports);
  const ownImport = names.imports.find((name) => stack.id !== undefined && holders.get(name) === stack.id);
  if (ownImport !== undefined) throw new ValidationError(`A stack cannot import its own export ${ownImport}.`);
  // An export whose stack is being deleted goes with it: importing it now would outlive it.
  const leaving = holders.size === 0 ? [] : await manager.getRepository(Stack).findBy({ id: In([...new Set(holders.values())]), status: StackStatus.DELETE_IN_PROGRESS });
  const going = names.imports.find((name) => leaving.some((holder) => holder.id === holders.get(name)));
  if (going !== undefined) throw new ValidationError(`Export ${going} cannot be imported: stack ${leaving.find((holder) => holder.id === holders.get(going))?.name} that exports it is being deleted.`);
  const taken = await exportHolders(manager, stack.accountId, [...names.exports.keys()], stack.id);
  const takers = await stackNames(manager, [...taken.values()]);
  for (const [name, holder] of taken) throw new ValidationError(`Export with name ${name} is already exported by stack ${takers.get(holder) ?? holder}.`);
  if (stack.id === undefined) return;
  for (const [name, importers] of await importersOfExports(manager, { id: stack.id, accountId: stack.accountId })) {
    if (!names.exports.has(name)) throw new ValidationError(`Cannot delete export ${name} as it is in use by ${listedNames(importers)}.`);
  }
}

/**
 * Why a stack cannot be deleted, in CloudFormation's words: another stack imports one of its
 * exports and would lose a value it runs on. Undefined when nothing holds it.
 */
export async function deletionBlocker(dataSource: DataSource, stack: Stack): Promise<string | undefined> {
  const [held] = await importersOfExports(dataSource.manager, stack);
  return held === undefined ? undefined : `Export ${held[0]} cannot be deleted as it is in use by ${listedNames(held[1])}`;
}
