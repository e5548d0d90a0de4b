import { PAGING_PARAMS } from '../common-params';
import { ApiSpec } from '../types';
import { STACK_ID_PARAM_RELATED } from './stack-fields';

export const listStackResources: ApiSpec = {
  name: 'listStackResources',
  description: 'Lists the resources of a stack.',
  isasync: false,
  since: '1.0',
  related: 'listStacks,listStackEvents',
  params: [
    { name: 'stackid', type: 'uuid', required: true, description: 'the ID of the stack', related: STACK_ID_PARAM_RELATED },
    { name: 'logicalid', type: 'string', required: false, description: 'only the resource with this logical ID' },
    ...PAGING_PARAMS,
  ],
  response: [
    { name: 'logicalid', type: 'string', description: 'the logical ID in the template' },
    { name: 'physicalid', type: 'string', description: 'the CloudStack ID of the object' },
    { name: 'type', type: 'string', description: 'the resource type' },
    { name: 'status', type: 'string', description: 'the resource status' },
    { name: 'statusreason', type: 'string', description: 'why the resource has its status' },
    { name: 'progress', type: 'string', description: 'how far a create in progress has come, for types that can tell (a VirtualMachineGroup: its members running of Count)' },
    { name: 'stackid', type: 'string', description: 'the ID of the stack' },
    { name: 'updated', type: 'date', description: 'the date of the last status change' },
  ],
};
