import { LISTALL_PARAM, PAGING_PARAMS } from '../common-params';
import { ApiSpec } from '../types';
import { CHANGE_SET_FIELDS } from './change-set-fields';

export const listChangeSets: ApiSpec = {
  name: 'listChangeSets',
  description: 'Lists the change sets of a stack, or without stackid of every stack the caller may list; with id, one change set with every change it holds.',
  isasync: false,
  since: '1.1',
  related: 'createChangeSet',
  params: [
    { name: 'stackid', type: 'uuid', required: false, description: 'the ID of the stack; without it, the change sets of every stack listStacks would list', related: 'listStacks' },
    { name: 'id', type: 'uuid', required: false, description: 'the ID of one change set: it is listed with its changes', related: 'createChangeSet' },
    LISTALL_PARAM,
    ...PAGING_PARAMS,
  ],
  response: CHANGE_SET_FIELDS,
};
