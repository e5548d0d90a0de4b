import { ApiSpec } from '../types';
import { STACK_FIELDS, STACK_ID_PARAM_RELATED } from './stack-fields';

export const updateStackTerminationProtection: ApiSpec = {
  name: 'updateStackTerminationProtection',
  description: 'Turns a stack\'s termination protection on or off: while it is on, deleteStack refuses to delete the stack.',
  isasync: false,
  since: '1.0',
  related: 'createStack,deleteStack,listStacks',
  params: [
    { name: 'id', type: 'uuid', required: true, description: 'the ID of the stack', related: STACK_ID_PARAM_RELATED },
    { name: 'terminationprotection', type: 'boolean', required: true, description: 'true: the stack cannot be deleted until this is set to false again' },
  ],
  response: STACK_FIELDS,
};
