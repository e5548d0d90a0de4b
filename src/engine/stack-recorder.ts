import { serializedTransaction } from './transaction-lock';
import { DataSource, EntityManager } from 'typeorm';
import { Stack, StackEvent, StackResource } from '../../entities';
import { STACK_EVENT_RESOURCE_TYPE } from './statuses';

/** The status reason columns' size (stack, resource and event): a longer text would fail the write. */
const MAX_REASON = 4096;

/** A reason that fits its column: CloudStack error texts carry user input and can be of any length. */
export function fitReason(reason: string | null): string | null {
  if (reason === null || reason.length <= MAX_REASON) return reason;
  return `${reason.slice(0, MAX_REASON - 3)}...`;
}

/**
 * Every status change of a stack or resource is one transaction: the row and its event are
 * written together, so the event history never disagrees with the current status.
 */
export class StackRecorder {
  constructor(private readonly dataSource: DataSource) {}

  async stackStatus(stack: Stack, status: string, fullReason: string | null, extra: Partial<Stack> = {}): Promise<void> {
    const reason = fitReason(fullReason);
    await serializedTransaction(this.dataSource, async (manager) => {
      Object.assign(stack, extra, { status, statusReason: reason });
      await manager.getRepository(Stack).update({ id: stack.id }, { ...extra, status, statusReason: reason });
      await this.event(manager, stack.id, stack.name, stack.id, STACK_EVENT_RESOURCE_TYPE, status, reason);
    });
  }

  async resourceStatus(resource: StackResource, status: string, fullReason: string | null, extra: Partial<StackResource> = {}): Promise<void> {
    const reason = fitReason(fullReason);
    await serializedTransaction(this.dataSource, async (manager) => {
      Object.assign(resource, extra, { status, statusReason: reason });
      await manager.getRepository(StackResource).save(resource);
      await this.event(manager, resource.stackId, resource.logicalId, resource.physicalId, resource.type, status, reason);
    });
  }

  private async event(manager: EntityManager, stackId: string, logicalId: string, physicalId: string | null, resourceType: string, status: string, reason: string | null): Promise<void> {
    const event = Object.assign(new StackEvent(), { stackId, logicalId, physicalId, resourceType, status, statusReason: reason, timestamp: new Date() });
    await manager.getRepository(StackEvent).insert(event);
  }
}
