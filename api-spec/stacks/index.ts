import { ApiSpec } from '../types';
import { cancelStackOperation } from './cancel-stack-operation';
import { createStack } from './create-stack';
import { deleteStack } from './delete-stack';
import { getStackTemplate } from './get-stack-template';
import { listStackEvents } from './list-stack-events';
import { listStackExports } from './list-stack-exports';
import { listStackImports } from './list-stack-imports';
import { listStackResources } from './list-stack-resources';
import { listStackResourceTypes } from './list-stack-resource-types';
import { listStacks } from './list-stacks';
import { updateStack } from './update-stack';
import { updateStackTerminationProtection } from './update-stack-termination-protection';
import { continueUpdateRollback } from './continue-update-rollback';
import { createChangeSet } from './create-change-set';
import { deleteChangeSet } from './delete-change-set';
import { executeChangeSet } from './execute-change-set';
import { listChangeSets } from './list-change-sets';
import { validateTemplate } from './validate-template';

export { cancelStackOperation, continueUpdateRollback, createChangeSet, createStack, deleteChangeSet, executeChangeSet, listChangeSets, deleteStack, getStackTemplate, listStackEvents, listStackExports, listStackImports, listStackResources, listStackResourceTypes, listStacks, updateStack, updateStackTerminationProtection, validateTemplate };

/** The stack engine's commands, in the order docs/api.md lists them. */
export const STACK_API_SPECS: ApiSpec[] = [
  createStack,
  listStacks,
  updateStack,
  continueUpdateRollback,
  deleteStack,
  createChangeSet,
  listChangeSets,
  executeChangeSet,
  deleteChangeSet,
  cancelStackOperation,
  updateStackTerminationProtection,
  listStackResources,
  listStackEvents,
  getStackTemplate,
  listStackExports,
  listStackImports,
  listStackResourceTypes,
  validateTemplate,
];
