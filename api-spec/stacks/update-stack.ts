import { ApiSpec } from '../types';
import { STACK_FIELDS } from './stack-fields';

export const updateStack: ApiSpec = {
  name: 'updateStack',
  description: 'Updates a stack to a new template or new parameter values: resources are added, changed in place where CloudStack allows, replaced where it must (the new object first, the old one deleted once the update succeeded) and removed; a failure rolls the stack back.',
  isasync: true,
  since: '1.1',
  related: 'listStacks,createStack,listStackEvents',
  params: [
    { name: 'id', type: 'uuid', required: true, description: 'the id of the stack', related: 'listStacks' },
    { name: 'templatebody', type: 'string', required: false, description: 'the new template (JSON or YAML), at most 51,200 bytes', length: 51200 },
    { name: 'templateurl', type: 'string', required: false, description: 'an http(s) URL of the new template, instead of templatebody', length: 1024 },
    { name: 'useprevioustemplate', type: 'boolean', required: false, description: 'true: keep the stack\'s template (to change parameter values only)' },
    { name: 'parameters', type: 'map', required: false, description: 'template parameters: parameters[0].key=K&parameters[0].value=V; a parameter left out keeps its previous value' },
    { name: 'disablerollback', type: 'boolean', required: false, description: 'true: leave a failed update as it is (UPDATE_FAILED) instead of rolling it back; continueUpdateRollback rolls it back later, deleteStack removes everything' },
    { name: 'timeoutinminutes', type: 'integer', required: false, description: 'minutes after which an unfinished update fails and rolls back' },
    { name: 'tags', type: 'map', required: false, description: 'new stack tags: tags[0].key=K&tags[0].value=V, also put on the objects the stack created; left out, the tags stay' },
  ],
  response: STACK_FIELDS,
};
