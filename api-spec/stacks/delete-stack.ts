import { ApiSpec } from '../types';
import { STACK_FIELDS, STACK_ID_PARAM_RELATED } from './stack-fields';

export const deleteStack: ApiSpec = {
  name: 'deleteStack',
  description: 'Deletes a stack and its resources in reverse dependency order; resources with DeletionPolicy Retain are kept.',
  isasync: true,
  since: '1.0',
  related: 'createStack,listStacks',
  params: [
    { name: 'id', type: 'uuid', required: true, description: 'the ID of the stack', related: STACK_ID_PARAM_RELATED },
    { name: 'retainresources', type: 'list', required: false, description: 'for a stack in DELETE_FAILED: logical ids of resources to keep (marked DELETE_SKIPPED, their CloudStack objects left as they are)' },
  ],
  response: STACK_FIELDS,
};
