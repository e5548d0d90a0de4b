import { DataSource } from 'typeorm';
import { Stack, StackResource } from '../../entities';
import { ValidationError } from '../errors';
import type { SignalService } from './signal-service';
import { ResourceStatus } from './statuses';

/**
 * SignalResource (what AWS's cfn-signal from aws-cfn-bootstrap sends with --stack and --resource): a success or failure signal for a
 * resource whose CreationPolicy waits for signals, delivered to the same token its own signal URL
 * carries, so the resource counts it exactly as a signal through that URL.
 */
export class ResourceSignals {
  constructor(private readonly dataSource: DataSource, private readonly signals: SignalService) {}

  async signal(stack: Stack, logicalId: string, signal: { status: 'SUCCESS' | 'FAILURE'; uniqueId: string }): Promise<void> {
    const { dataSource, signals } = this;
    const row = await dataSource.getRepository(StackResource).findOneBy({ stackId: stack.id, logicalId });
    if (!row) throw new ValidationError(`Resource ${logicalId} does not exist for stack ${stack.name}`);
    const token = row.metadata?.signalToken as string | undefined;
    if (!token || row.status !== ResourceStatus.CREATE_IN_PROGRESS) {
      throw new ValidationError(`Resource ${logicalId} is in ${row.status} state and can not be signaled${token ? '' : ': it has no CreationPolicy waiting for signals'}`);
    }
    const reason = signal.status === 'SUCCESS' ? 'Signal received' : 'Failure signal received';
    // The token is stored on the row a moment before it is registered: a signal in between is refused, not lost.
    const accepted = await signals.accept(token, { Status: signal.status, UniqueId: signal.uniqueId, Data: '', Reason: reason });
    if (!accepted) throw new ValidationError(`Resource ${logicalId} is not waiting for signals yet`);
  }
}
