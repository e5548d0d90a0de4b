import { ApiSpec } from '../types';
import { STACK_ID_PARAM_RELATED } from './stack-fields';

export const getStackTemplate: ApiSpec = {
  name: 'getStackTemplate',
  description: 'Returns the template a stack was created from, as it was submitted.',
  isasync: false,
  since: '1.0',
  related: 'createStack',
  params: [{ name: 'stackid', type: 'uuid', required: true, description: 'the ID of the stack', related: STACK_ID_PARAM_RELATED }],
  response: [
    { name: 'stackid', type: 'string', description: 'the ID of the stack' },
    { name: 'templatebody', type: 'string', description: 'the template body' },
  ],
};
