import { DataSource, EntityManager, In, Not, QueryFailedError } from 'typeorm';
import { Stack, StackExport, StackImport, type StackOutput } from '../../../entities';
import type { SecretMasker } from '../../logging';
import { StackStatus } from '../statuses';

/** Why an operation cannot publish its stack's exports: the operation fails and rolls back. */
export class CrossStackRefusal extends Error {}

export function isCrossStackRefusal(error: unknown): error is CrossStackRefusal {
  return error instanceof CrossStackRefusal;
}

/**
 * The exports among a stack's recorded outputs: name → value. Every stack of the account can
 * read an export (ListExports, Fn::ImportValue), so one that carries a NoEcho parameter's value
 * is refused; the message names the export, never the value.
 */
export function exportsOf(outputs: readonly StackOutput[], masker: SecretMasker): Map<string, string> {
  const exports = new Map<string, string>();
  for (const output of outputs) {
    if (output.exportName === undefined) continue;
    if (masker.mask(output.value) !== output.value) throw new CrossStackRefusal(`Output ${output.key} cannot be exported as ${output.exportName}: its value contains a NoEcho parameter's value.`);
    exports.set(output.exportName, output.value);
  }
  return exports;
}

/** Every export of an account: name → value. What Fn::ImportValue reads. */
export async function accountExports(dataSource: DataSource, accountId: string): Promise<Map<string, string>> {
  const rows = await dataSource.getRepository(StackExport).findBy({ accountId });
  return new Map(rows.map((row) => [row.name, row.value]));
}

/** Export name → the id of the stack that holds it, for the given names, leaving out `exceptStackId`. */
export async function exportHolders(manager: EntityManager, accountId: string, names: string[], exceptStackId?: string): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await manager.getRepository(StackExport).findBy({ accountId, name: In(names), ...(exceptStackId ? { stackId: Not(exceptStackId) } : {}) });
  return new Map(rows.map((row) => [row.name, row.stackId]));
}

/** Export name → the names of the other stacks that import it, for the exports a stack holds. */
export async function importersOfExports(manager: EntityManager, stack: Pick<Stack, 'id' | 'accountId'>): Promise<Map<string, string[]>> {
  const held = await manager.getRepository(StackExport).findBy({ accountId: stack.accountId, stackId: stack.id });
  if (held.length === 0) return new Map();
  const imports = await manager.getRepository(StackImport).findBy({ accountId: stack.accountId, exportName: In(held.map((row) => row.name)), stackId: Not(stack.id) });
  const names = await stackNames(manager, imports.map((row) => row.stackId));
  const result = new Map<string, string[]>();
  for (const row of imports) result.set(row.exportName, [...(result.get(row.exportName) ?? []), names.get(row.stackId) ?? row.stackId]);
  return result;
}

export async function stackNames(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const stacks = await manager.getRepository(Stack).find({ select: { id: true, name: true }, where: { id: In([...new Set(ids)]) } });
  return new Map(stacks.map((stack) => [stack.id, stack.name]));
}

/** Records that a stack imports these exports (kept until the stack is deleted or its imports are settled). */
export async function addImports(manager: EntityManager, stack: Pick<Stack, 'id' | 'accountId'>, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const rows = names.map((exportName) => ({ accountId: stack.accountId, exportName, stackId: stack.id }));
  await manager.createQueryBuilder().insert().into(StackImport).values(rows).orIgnore().execute();
}

/** A stack's imports become exactly `names`: an update ended, and what its template imports is known. */
export async function settleImports(manager: EntityManager, stack: Pick<Stack, 'id' | 'accountId'>, names: readonly string[]): Promise<void> {
  await manager.getRepository(StackImport).delete({ stackId: stack.id, ...(names.length > 0 ? { exportName: Not(In([...names])) } : {}) });
  await addImports(manager, stack, names);
}

/**
 * A stack's exports become `exports` (name → value), in the transaction that records its new
 * status: an export another stack imports cannot be dropped or change its value, and a name
 * another stack exports cannot be taken. The error fails the operation, which rolls back.
 */
export async function publishExports(manager: EntityManager, stack: Pick<Stack, 'id' | 'accountId'>, exports: ReadonlyMap<string, string>): Promise<void> {
  const repository = manager.getRepository(StackExport);
  const current = new Map((await repository.findBy({ accountId: stack.accountId, stackId: stack.id })).map((row) => [row.name, row.value]));
  for (const [name, importers] of await importersOfExports(manager, stack)) {
    if (!exports.has(name)) throw new CrossStackRefusal(`Cannot delete export ${name} as it is in use by ${listedNames(importers)}.`);
    if (exports.get(name) !== current.get(name)) throw new CrossStackRefusal(`Cannot update export ${name} as it is in use by ${listedNames(importers)}.`);
  }
  const taken = await exportHolders(manager, stack.accountId, [...exports.keys()], stack.id);
  const holders = await stackNames(manager, [...taken.values()]);
  for (const [name, holder] of taken) throw new CrossStackRefusal(`Export with name ${name} is already exported by stack ${holders.get(holder) ?? holder}.`);
  await repository.delete({ accountId: stack.accountId, stackId: stack.id });
  if (exports.size === 0) return;
  try {
    await repository.insert([...exports].map(([name, value]) => ({ accountId: stack.accountId, name, value, stackId: stack.id })));
  } catch (error) {
    // Another stack's operation published one of these names between the check and the insert.
    if (error instanceof QueryFailedError) throw new CrossStackRefusal(`Export with name ${[...exports.keys()].join(' or ')} is already exported by another stack.`);
    throw error;
  }
}

/**
 * What a stack's end releases, in the transaction that records it: a deleted stack exports and
 * imports nothing; a create that rolled back exports nothing (it keeps its imports until it is
 * deleted, since deleting it evaluates its template again).
 */
export async function releaseOnStatus(manager: EntityManager, stackId: string, status: string): Promise<void> {
  if (status !== StackStatus.DELETE_COMPLETE && status !== StackStatus.ROLLBACK_COMPLETE) return;
  await manager.getRepository(StackExport).delete({ stackId });
  if (status === StackStatus.DELETE_COMPLETE) await manager.getRepository(StackImport).delete({ stackId });
}

/** 'a', 'a and b', 'a, b and c': how CloudFormation names the stacks that hold an export. */
export function listedNames(names: readonly string[]): string {
  const sorted = [...names].sort();
  return sorted.length <= 1 ? sorted.join('') : `${sorted.slice(0, -1).join(', ')} and ${sorted[sorted.length - 1]}`;
}
