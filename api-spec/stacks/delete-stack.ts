import { ApiSpec } from '../types';
import { STACK_FIELDS, STACK_ID_PARAM_RELATED } from './stack-fields';

export const deleteStack: ApiSpec = {
  name: 'deleteStack',
  description: 'Deletes a stack and its resources in reverse dependency order; resources with DeletionPolicy Retain are kept.',
  isasync: true,
  since: '1.0',
  related: 'createStack,listStacks',
  params: [{ name: 'id', type: 'uuid', required: true, description: 'the ID of the stack', related: STACK_ID_PARAM_RELATED }],
  response: STACK_FIELDS,
};
