import { ApiSpec } from '../types';
import { CHANGE_SET_FIELDS } from './change-set-fields';

export const createChangeSet: ApiSpec = {
  name: 'createChangeSet',
  description: 'Computes what updating a stack (or creating one, with changesettype CREATE) to a template and parameter values would do, without doing it: each resource added, modified in place or replaced, or removed. executeChangeSet then does exactly that.',
  isasync: true,
  since: '1.1',
  related: 'listChangeSets,executeChangeSet,deleteChangeSet',
  params: [
    { name: 'name', type: 'string', required: true, description: 'the name of the change set, unique for the stack: a letter, then letters, digits and hyphens', length: 128 },
    { name: 'stackname', type: 'string', required: true, description: 'the name or ID of the stack; with changesettype CREATE, the name of the stack to create', length: 128 },
    { name: 'changesettype', type: 'string', required: false, description: 'UPDATE (default) or CREATE' },
    { name: 'templatebody', type: 'string', required: false, description: 'the template (JSON or YAML), at most 51,200 bytes', length: 51200 },
    { name: 'templateurl', type: 'string', required: false, description: 'an http(s) URL of the template, instead of templatebody', length: 1024 },
    { name: 'useprevioustemplate', type: 'boolean', required: false, description: 'true: the stack\'s template, with new parameter values' },
    { name: 'parameters', type: 'map', required: false, description: 'template parameters: parameters[0].key=K&parameters[0].value=V; for UPDATE a parameter left out keeps its previous value' },
    { name: 'tags', type: 'map', required: false, description: 'stack tags: tags[0].key=K&tags[0].value=V' },
    { name: 'description', type: 'string', required: false, description: 'a description of the change set', length: 1024 },
  ],
  response: CHANGE_SET_FIELDS,
};
