import { DataSource } from 'typeorm';
import { ChangeSet } from '../../../entities';

/** Ends the execution of the stack's change set being executed, if its operation came from one. */
export async function settleChangeSetExecution(dataSource: DataSource, stackId: string, succeeded: boolean): Promise<void> {
  await dataSource.getRepository(ChangeSet).update(
    { stackId, executionStatus: 'EXECUTE_IN_PROGRESS' },
    { executionStatus: succeeded ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED' },
  );
}
