import { serializedTransaction } from './transaction-lock';
import { DataSource, EntityManager } from 'typeorm';
import { Stack, StackEvent, StackResource } from '../../entities';
import { SecretMasker } from '../logging';
import { releaseOnStatus } from './cross-stack/cross-stack-store';
import { recordOperation } from './operation-ledger';
import { writeResourceRow } from './resource-row-writes';
import { collectOldEntries, foldJournal, newEpochColumns } from './state-journal';
import { STACK_EVENT_RESOURCE_TYPE } from './statuses';

/** The status reason columns' size (stack, resource and event): a longer text would fail the write. */
const MAX_REASON = 4096;

/** A reason that fits its column: CloudStack error texts carry user input and can be of any length. */
export function fitReason(reason: string | null): string | null {
  if (reason === null || reason.length <= MAX_REASON) return reason;
  return `${reason.slice(0, MAX_REASON - 3)}...`;
}

/**
 * Puts a request's ClientRequestToken on the stack before its operation records anything, for
 * operations whose first events are about resources (resources skipped or retained at the
 * caller's request): every event of the operation carries it.
 */
export async function takeRequestToken(dataSource: DataSource, stack: Stack, clientRequestToken: string | undefined): Promise<void> {
  stack.clientRequestToken = clientRequestToken ?? null;
  await dataSource.getRepository(Stack).update({ id: stack.id }, { clientRequestToken: stack.clientRequestToken });
}

/**
 * Every status change of a stack or resource is one transaction: the row and its event are
 * written together, so the event history never disagrees with the current status.
 *
 * Every reason passes the stack's masker here, the one place reasons are written: a property
 * error or a CloudStack error text may quote a NoEcho value, and no message has to remember it.
 * The row's `updated` and its event's timestamp are one instant, taken here and kept on the row
 * in memory too. Left to the database (ON UPDATE, CURRENT_TIMESTAMP), the row in memory kept the
 * value it was loaded with: a resource's next save wrote that stale value back, and the job result
 * showed the stack's start time as its last update.
 */
export class StackRecorder {
  /** Each stack's Stack.clientRequestToken, which its events carry: read once per recorder, set by a status that starts an operation. */
  private readonly tokens = new Map<string, Promise<string | null>>();

  constructor(private readonly dataSource: DataSource, private readonly masker: SecretMasker = SecretMasker.NONE) {}

  /**
   * Records a stack's status. `within` runs in the same transaction first (publishing the exports
   * of a stack that completes): if it throws, nothing is recorded and the error is the caller's.
   */
  async stackStatus(stack: Stack, status: string, fullReason: string | null, extra: Partial<Stack> = {}, within?: (manager: EntityManager) => Promise<void>): Promise<void> {
    const reason = this.reasonOf(fullReason);
    const updated = new Date();
    // The stack in hand holds the token, unless this status starts an operation with its own.
    this.tokens.set(stack.id, Promise.resolve(extra.clientRequestToken !== undefined ? extra.clientRequestToken : stack.clientRequestToken ?? null));
    await serializedTransaction(this.dataSource, async (manager) => {
      if (within) await within(manager);
      await releaseOnStatus(manager, stack.id, status);
      await manager.getRepository(Stack).update({ id: stack.id }, { ...extra, status, statusReason: reason, updated });
      await this.event(manager, stack.id, stack.name, stack.id, STACK_EVENT_RESOURCE_TYPE, status, reason, updated);
      await recordOperation(manager, Object.assign(new Stack(), stack, extra), status);
    });
    Object.assign(stack, extra, { status, statusReason: reason, updated });
  }

  async resourceStatus(resource: StackResource, status: string, fullReason: string | null, extra: Partial<StackResource> = {}): Promise<void> {
    const reason = this.reasonOf(fullReason);
    const updated = new Date();
    // The row is written whole, its metadata as it is in memory with every journal entry applied:
    // that is a new snapshot, and a new metadata (a new generation, a restored one) must never
    // have the old one's entries applied to it. Either way the journal starts again.
    const foldsJournal = 'metadata' in extra || resource.stateEntries > 0;
    const epoch = foldsJournal ? newEpochColumns(resource) : {};
    const change = { ...extra, ...epoch, status, statusReason: reason, updated };
    // The row in memory changes only once the change is committed: the scheduler reads it, and
    // a resource that looked complete while its write was in flight let the stack record
    // CREATE_COMPLETE before the resource's own event.
    const next = Object.assign(new StackResource(), resource, change);
    await serializedTransaction(this.dataSource, async (manager) => {
      // A row already written is written whole without save()'s read-back; a new one is inserted.
      if (resource.created) await writeResourceRow(manager, next);
      else await manager.getRepository(StackResource).save(next);
      if (foldsJournal) await foldJournal(manager, next);
      await this.event(manager, next.stackId, next.logicalId, next.physicalId, next.type, status, reason, updated);
    });
    Object.assign(resource, change, { created: next.created });
    if (foldsJournal) await collectOldEntries(this.dataSource, resource.id, resource.stateEpoch);
  }

  /**
   * An event about a resource without a change of its row: the old object of a replaced resource
   * being deleted in cleanup has its own physical id and statuses, while the row goes on.
   */
  async resourceEvent(resource: StackResource, physicalId: string | null, status: string, fullReason: string | null): Promise<void> {
    const reason = this.reasonOf(fullReason);
    await serializedTransaction(this.dataSource, (manager) => this.event(manager, resource.stackId, resource.logicalId, physicalId, resource.type, status, reason, new Date()));
  }

  /** Masked before it is cut to size: a cut through a secret would leave its start unmasked. */
  private reasonOf(reason: string | null): string | null {
    return fitReason(this.masker.maskNullable(reason));
  }

  private async event(manager: EntityManager, stackId: string, logicalId: string, physicalId: string | null, resourceType: string, status: string, reason: string | null, timestamp: Date): Promise<void> {
    const clientRequestToken = await this.tokenOf(manager, stackId);
    const event = Object.assign(new StackEvent(), { stackId, logicalId, physicalId, resourceType, status, statusReason: reason, timestamp, clientRequestToken });
    await manager.getRepository(StackEvent).insert(event);
  }

  private tokenOf(manager: EntityManager, stackId: string): Promise<string | null> {
    let token = this.tokens.get(stackId);
    if (!token) {
      token = manager.getRepository(Stack).findOne({ where: { id: stackId }, select: { id: true, clientRequestToken: true } }).then((stack) => stack?.clientRequestToken ?? null);
      this.tokens.set(stackId, token);
      token.catch(() => this.tokens.delete(stackId));
    }
    return token;
  }
}
