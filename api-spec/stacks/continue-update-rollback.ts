import { ApiSpec } from '../types';
import { STACK_FIELDS } from './stack-fields';

export const continueUpdateRollback: ApiSpec = {
  name: 'continueUpdateRollback',
  description: 'Continues rolling back a stack in UPDATE_ROLLBACK_FAILED after the cause was fixed, or rolls back an update that stopped at UPDATE_FAILED (disablerollback); resources named in resourcestoskip are left as they are and marked UPDATE_COMPLETE (their CloudStack objects may then differ from the template).',
  isasync: true,
  since: '1.1',
  related: 'updateStack,listStackResources',
  params: [
    { name: 'id', type: 'uuid', required: true, description: 'the ID of the stack', related: 'listStacks' },
    { name: 'resourcestoskip', type: 'list', required: false, description: 'logical ids of resources whose rollback failed and is to be skipped' },
  ],
  response: STACK_FIELDS,
};
