import type { DataSource } from 'typeorm';
import { Stack } from '../../entities';
import { ValidationError } from '../errors';
import { rowsNaming } from './named-resources';
import { StackRecorder } from './stack-recorder';
import { ResourceStatus, StackStatus } from './statuses';

/**
 * Deleting a stack in DELETE_FAILED while keeping some of its resources (AWS's RetainResources,
 * deleteStack's retainresources): typically the one whose deletion keeps failing. Each is marked
 * DELETE_SKIPPED before the delete starts, so the delete, or a worker resuming it, leaves its
 * CloudStack object alone; everything else goes as usual.
 */
export async function retainOnDelete(dataSource: DataSource, stack: Stack, logicalIds: readonly string[]): Promise<void> {
  if (logicalIds.length === 0) return;
  if (stack.status !== StackStatus.DELETE_FAILED) {
    throw new ValidationError(`Stack [${stack.name}] is in ${stack.status} state: resources can be retained only when deleting a stack in DELETE_FAILED state`);
  }
  const rows = await rowsNaming(dataSource, stack, logicalIds, 'retainresources');
  const recorder = new StackRecorder(dataSource);
  for (const row of rows.filter((r) => logicalIds.includes(r.logicalId) && r.status !== ResourceStatus.DELETE_COMPLETE)) {
    await recorder.resourceStatus(row, ResourceStatus.DELETE_SKIPPED, 'Retained at the caller\'s request (RetainResources)');
  }
}
