import { PAGING_PARAMS } from '../common-params';
import { ApiSpec } from '../types';

export const listStackExports: ApiSpec = {
  name: 'listStackExports',
  description: "Lists the outputs the account's stacks export (Outputs.*.Export.Name), which other stacks of the account read with Fn::ImportValue.",
  isasync: false,
  since: '1.0',
  related: 'listStackImports,listStacks',
  params: [{ name: 'name', type: 'string', required: false, description: 'only the export with this name' }, ...PAGING_PARAMS],
  response: [
    { name: 'name', type: 'string', description: 'the export name, unique in the account' },
    { name: 'value', type: 'string', description: 'the exported value' },
    { name: 'stackid', type: 'string', description: 'the ID of the stack that exports it' },
    { name: 'stackname', type: 'string', description: 'the name of the stack that exports it' },
  ],
};
