import { ApiSpec } from '../types';
import { STACK_FIELDS } from './stack-fields';

export const executeChangeSet: ApiSpec = {
  name: 'executeChangeSet',
  description: 'Updates (or creates) the stack as the change set says; the stack\'s other change sets become obsolete.',
  isasync: true,
  since: '1.1',
  related: 'createChangeSet,listChangeSets',
  params: [
    { name: 'id', type: 'uuid', required: true, description: 'the ID of the change set', related: 'createChangeSet,listChangeSets' },
    { name: 'disablerollback', type: 'boolean', required: false, description: 'true: leave a failed update (UPDATE_FAILED) or creation (CREATE_FAILED) as it is instead of rolling it back' },
  ],
  response: STACK_FIELDS,
};
