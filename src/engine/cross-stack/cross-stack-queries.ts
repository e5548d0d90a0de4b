import type { DataSource } from 'typeorm';
import { StackExport, StackImport } from '../../../entities';
import type { Caller } from '../../auth/caller';
import { stackNames } from './cross-stack-store';

/** One export as listStackExports and ListExports show it. */
export interface ListedExport {
  name: string;
  value: string;
  stackId: string;
  stackName: string;
}

/** One stack importing an export, as listStackImports and ListImports show it. */
export interface ListedImport {
  exportName: string;
  stackId: string;
  stackName: string;
}

/**
 * The exports of the caller's account, by name. Exports belong to an account, as CloudFormation's
 * belong to an account and region: an administrator sees its own account's, not every account's.
 */
export async function listExports(dataSource: DataSource, caller: Caller, name?: string): Promise<ListedExport[]> {
  const rows = await dataSource.getRepository(StackExport).find({ where: { accountId: caller.accountId, ...(name !== undefined ? { name } : {}) }, order: { name: 'ASC' } });
  const names = await stackNames(dataSource.manager, rows.map((row) => row.stackId));
  return rows.map((row) => ({ name: row.name, value: row.value, stackId: row.stackId, stackName: names.get(row.stackId) ?? row.stackId }));
}

/** The caller's account's stacks that import an export, by stack name. */
export async function listImports(dataSource: DataSource, caller: Caller, exportName: string): Promise<ListedImport[]> {
  const rows = await dataSource.getRepository(StackImport).findBy({ accountId: caller.accountId, exportName });
  const names = await stackNames(dataSource.manager, rows.map((row) => row.stackId));
  return rows
    .map((row) => ({ exportName, stackId: row.stackId, stackName: names.get(row.stackId) ?? row.stackId }))
    .sort((a, b) => a.stackName.localeCompare(b.stackName) || a.stackId.localeCompare(b.stackId));
}
