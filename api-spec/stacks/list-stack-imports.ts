import { PAGING_PARAMS } from '../common-params';
import { ApiSpec } from '../types';

export const listStackImports: ApiSpec = {
  name: 'listStackImports',
  description: "Lists the account's stacks that import an export (Fn::ImportValue). While one does, the exporting stack cannot be deleted, nor drop or change that export.",
  isasync: false,
  since: '1.0',
  related: 'listStackExports,listStacks',
  params: [{ name: 'exportname', type: 'string', required: true, description: 'the name of the export', related: 'listStackExports' }, ...PAGING_PARAMS],
  response: [
    { name: 'exportname', type: 'string', description: 'the name of the export' },
    { name: 'stackid', type: 'string', description: 'the ID of the stack that imports it' },
    { name: 'stackname', type: 'string', description: 'the name of the stack that imports it' },
  ],
};
