import { ApiSpec } from '../types';
import { STACK_FIELDS } from './stack-fields';

export const createStack: ApiSpec = {
  name: 'createStack',
  description: 'Creates a stack from a CloudFormation-style template: every resource it declares, in parallel where the dependency graph allows.',
  isasync: true,
  since: '1.0',
  related: 'listStacks,deleteStack,listStackEvents',
  params: [
    { name: 'name', type: 'string', required: true, description: 'the name of the stack, unique in the account: a letter, then letters, digits and hyphens', length: 128 },
    { name: 'templatebody', type: 'string', required: false, description: 'the template (JSON or YAML), at most 51,200 bytes', length: 51200 },
    { name: 'templateurl', type: 'string', required: false, description: 'an http(s) URL of the template, instead of templatebody', length: 1024 },
    { name: 'parameters', type: 'map', required: false, description: 'template parameters: parameters[0].key=K&parameters[0].value=V' },
    { name: 'onfailure', type: 'string', required: false, description: 'what to do when creation fails: ROLLBACK (default), DO_NOTHING or DELETE' },
    { name: 'timeoutinminutes', type: 'integer', required: false, description: 'minutes after which an unfinished creation fails' },
    { name: 'tags', type: 'map', required: false, description: 'stack tags: tags[0].key=K&tags[0].value=V; also put on every object the stack creates (at most 50; keys starting aws: or csf: are refused, and so is an empty value, which CloudStack cannot hold)' },
    { name: 'zoneid', type: 'uuid', required: false, description: 'the default zone for resources that name none', related: 'listZones' },
    { name: 'terminationprotection', type: 'boolean', required: false, description: 'true: the stack cannot be deleted until updateStackTerminationProtection turns this off' },
  ],
  response: STACK_FIELDS,
};
