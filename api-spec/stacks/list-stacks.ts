import { LISTALL_PARAM, PAGING_PARAMS } from '../common-params';
import { ApiSpec } from '../types';
import { STACK_FIELDS, STACK_ID_PARAM_RELATED } from './stack-fields';

export const listStacks: ApiSpec = {
  name: 'listStacks',
  description: 'Lists stacks.',
  isasync: false,
  since: '1.0',
  related: 'createStack',
  params: [
    { name: 'id', type: 'uuid', required: false, description: 'the ID of the stack', related: STACK_ID_PARAM_RELATED },
    { name: 'name', type: 'string', required: false, description: 'the name of the stack' },
    { name: 'status', type: 'string', required: false, description: 'only stacks with this status; DELETE_COMPLETE lists deleted stacks' },
    LISTALL_PARAM,
    ...PAGING_PARAMS,
  ],
  response: STACK_FIELDS,
};
