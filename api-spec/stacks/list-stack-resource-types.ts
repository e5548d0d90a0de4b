import { PAGING_PARAMS } from '../common-params';
import { ApiSpec } from '../types';

export const listStackResourceTypes: ApiSpec = {
  name: 'listStackResourceTypes',
  description: 'Lists the resource types templates may use, with their properties and attributes.',
  isasync: false,
  since: '1.0',
  related: 'createStack,validateTemplate',
  params: [{ name: 'name', type: 'string', required: false, description: 'only the type with this name, e.g. CloudStack::VirtualMachine' }, ...PAGING_PARAMS],
  response: [
    { name: 'name', type: 'string', description: 'the type name' },
    { name: 'description', type: 'string', description: 'what it creates' },
    { name: 'properties', type: 'list', description: 'name, type, required, description, cloudstackparameter, updatebehavior (Mutable, SomeInterruption or Replacement: what updateStack does when it changes)' },
    { name: 'attributes', type: 'list', description: 'name, type, description (for Fn::GetAtt)' },
  ],
};
