import { ResponseFieldSpec } from '../types';

/** The change set object's fields (CloudFormation's DescribeChangeSet, in CloudStack's lowercase). */
export const CHANGE_SET_FIELDS: ResponseFieldSpec[] = [
  { name: 'id', type: 'string', description: 'the ID of the change set' },
  { name: 'name', type: 'string', description: 'the name of the change set' },
  { name: 'stackid', type: 'string', description: 'the ID of the stack' },
  { name: 'stackname', type: 'string', description: 'the name of the stack' },
  { name: 'description', type: 'string', description: 'the description given' },
  { name: 'changesettype', type: 'string', description: 'CREATE (a new stack) or UPDATE' },
  { name: 'status', type: 'string', description: 'CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE or FAILED' },
  { name: 'statusreason', type: 'string', description: 'why the change set has its status' },
  { name: 'executionstatus', type: 'string', description: 'UNAVAILABLE, AVAILABLE, EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE, EXECUTE_FAILED or OBSOLETE' },
  { name: 'created', type: 'date', description: 'the date the change set was created' },
  { name: 'parameters', type: 'list', description: 'the parameter values the change set was computed with (NoEcho values shown as ****)' },
  { name: 'tags', type: 'list', description: 'the stack tags the change set sets' },
  { name: 'changes', type: 'list', description: 'with id: every change (action Add, Modify or Remove, logicalresourceid, physicalresourceid, resourcetype, replacement, scope, details)' },
];
