import { ResponseFieldSpec } from '../types';

/** The stack object's fields, as every stack command answers them. */
export const STACK_FIELDS: ResponseFieldSpec[] = [
  { name: 'id', type: 'string', description: 'the ID of the stack' },
  { name: 'name', type: 'string', description: 'the name of the stack' },
  { name: 'description', type: 'string', description: 'the description from the template' },
  { name: 'status', type: 'string', description: 'the status of the stack, e.g. CREATE_IN_PROGRESS, CREATE_COMPLETE, ROLLBACK_COMPLETE' },
  { name: 'statusreason', type: 'string', description: 'why the stack has its status' },
  { name: 'created', type: 'date', description: 'the date the stack was created' },
  { name: 'updated', type: 'date', description: 'the date the stack last changed' },
  { name: 'account', type: 'string', description: 'the account owning the stack' },
  { name: 'accountid', type: 'string', description: 'the ID of the account owning the stack' },
  { name: 'domain', type: 'string', description: 'the domain of the owning account' },
  { name: 'domainid', type: 'string', description: 'the ID of the domain of the owning account' },
  { name: 'zoneid', type: 'string', description: 'the default zone of the stack' },
  { name: 'parameters', type: 'list', description: 'the template parameters (NoEcho values shown as ****)' },
  { name: 'outputs', type: 'list', description: 'the stack outputs: key, value, description, exportname (the name other stacks import it by)' },
  { name: 'tags', type: 'list', description: 'the tags of the stack' },
  { name: 'onfailure', type: 'string', description: 'what happens when creation fails: ROLLBACK, DO_NOTHING or DELETE' },
  { name: 'timeoutinminutes', type: 'integer', description: 'the time limit of a create operation' },
  { name: 'terminationprotection', type: 'boolean', description: 'true: deleteStack refuses to delete the stack (updateStackTerminationProtection)' },
];

export const STACK_ID_PARAM_RELATED = 'createStack,listStacks';
