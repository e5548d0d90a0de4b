import type { DataSource } from 'typeorm';
import { Stack, StackResource } from '../../entities';
import { ValidationError } from '../errors';

/**
 * The stack's resource rows, once every logical id a request names (resourcestoskip,
 * retainresources) is known to be one of them: a request naming another changes nothing.
 */
export async function rowsNaming(dataSource: DataSource, stack: Stack, logicalIds: readonly string[], param: string): Promise<StackResource[]> {
  const rows = await dataSource.getRepository(StackResource).findBy({ stackId: stack.id });
  const unknown = logicalIds.filter((id) => !rows.some((row) => row.logicalId === id));
  if (unknown.length > 0) throw new ValidationError(`Invalid parameter ${param} value=${unknown.join(',')}: no such resource in stack ${stack.name}`);
  return rows;
}
