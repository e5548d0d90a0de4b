import type { EntityManager } from 'typeorm';
import { StackResource } from '../../entities';

/**
 * Plain parameterised UPDATEs of a stack_resource row. A thousand-member group writes its row on
 * every journal append while it deploys, and its metadata is large: TypeORM's update builder spent
 * more CPU building those statements than SQLite running them, and save() read the whole row back
 * and compared it field by field before each write. The column lists are the same few at each
 * call site, so the drivers' statement caches serve them.
 */

type Columns = Partial<Record<keyof StackResource, unknown>>;

/** The given columns, and the update time (the one given, or now, as TypeORM's update would). */
export async function updateResourceColumns(manager: EntityManager, id: string, columns: Columns): Promise<void> {
  const { driver } = manager.connection;
  const metadata = manager.connection.getMetadata(StackResource);
  const values: Columns = { ...columns, updated: columns.updated ?? new Date() };
  const assigned = Object.entries(values).map(([property, value]) => {
    const column = metadata.findColumnWithPropertyName(property)!;
    return { name: driver.escape(column.databaseName), value: driver.preparePersistentValue(value, column) };
  });
  const idColumn = metadata.primaryColumns[0];
  await manager.query(
    `UPDATE ${driver.escape(metadata.tableName)} SET ${assigned.map((a) => `${a.name} = ?`).join(', ')} WHERE ${driver.escape(idColumn.databaseName)} = ?`,
    [...assigned.map((a) => a.value), driver.preparePersistentValue(id, idColumn)],
  );
}

/** Every column of a row that exists (all but its id and creation time), as it is in memory. */
export async function writeResourceRow(manager: EntityManager, row: StackResource): Promise<void> {
  const metadata = manager.connection.getMetadata(StackResource);
  const columns: Columns = {};
  for (const column of metadata.columns) {
    if (column.isPrimary || column.isCreateDate) continue;
    const value = (row as unknown as Record<string, unknown>)[column.propertyName];
    if (value !== undefined) columns[column.propertyName as keyof StackResource] = value;
  }
  await updateResourceColumns(manager, row.id, columns);
}
