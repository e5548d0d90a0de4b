import { PAGING_PARAMS } from '../common-params';
import { ApiSpec } from '../types';
import { STACK_ID_PARAM_RELATED } from './stack-fields';

export const listStackEvents: ApiSpec = {
  name: 'listStackEvents',
  description: 'Lists the events of a stack, newest first.',
  isasync: false,
  since: '1.0',
  related: 'listStacks,listStackResources',
  params: [{ name: 'stackid', type: 'uuid', required: true, description: 'the ID of the stack', related: STACK_ID_PARAM_RELATED }, ...PAGING_PARAMS],
  response: [
    { name: 'id', type: 'string', description: 'the ID of the event' },
    { name: 'stackid', type: 'string', description: 'the ID of the stack' },
    { name: 'timestamp', type: 'date', description: 'when it happened' },
    { name: 'logicalid', type: 'string', description: 'the logical ID (the stack name for the stack itself)' },
    { name: 'physicalid', type: 'string', description: 'the CloudStack ID of the object' },
    { name: 'resourcetype', type: 'string', description: 'the resource type' },
    { name: 'status', type: 'string', description: 'the status reached' },
    { name: 'statusreason', type: 'string', description: 'why' },
  ],
};
