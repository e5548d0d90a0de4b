import { ParamSpec } from './types';

/** The paging parameters every list command takes, worded as CloudStack's own. */
export const PAGING_PARAMS: ParamSpec[] = [
  { name: 'keyword', type: 'string', required: false, description: 'List by keyword' },
  { name: 'page', type: 'integer', required: false, description: '' },
  { name: 'pagesize', type: 'integer', required: false, description: '' },
];

export const LISTALL_PARAM: ParamSpec = {
  name: 'listall',
  type: 'boolean',
  required: false,
  description:
    "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false",
};
