import { ApiSpec } from '../types';

export const deleteChangeSet: ApiSpec = {
  name: 'deleteChangeSet',
  description: 'Deletes a change set that is not being executed. The stack is not changed.',
  isasync: false,
  since: '1.1',
  related: 'createChangeSet,listChangeSets',
  params: [{ name: 'id', type: 'uuid', required: true, description: 'the ID of the change set', related: 'createChangeSet,listChangeSets' }],
  response: [
    { name: 'success', type: 'boolean', description: 'true if the operation is executed successfully' },
    { name: 'displaytext', type: 'string', description: 'any text associated with the success or failure' },
  ],
};
