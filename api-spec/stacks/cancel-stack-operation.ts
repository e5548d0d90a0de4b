import { ApiSpec } from '../types';
import { STACK_ID_PARAM_RELATED } from './stack-fields';

export const cancelStackOperation: ApiSpec = {
  name: 'cancelStackOperation',
  description: 'Cancels a stack creation in progress: what was created is rolled back.',
  isasync: false,
  since: '1.0',
  related: 'createStack',
  params: [{ name: 'id', type: 'uuid', required: true, description: 'the ID of the stack', related: STACK_ID_PARAM_RELATED }],
  response: [
    { name: 'success', type: 'boolean', description: 'true when the cancel was accepted' },
    { name: 'displaytext', type: 'string', description: 'what happens next' },
  ],
};
