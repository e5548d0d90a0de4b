import { setMaxListeners } from 'node:events';
import { Stack, StackResource } from '../../entities';
import type { SecretMasker } from '../logging';
import type { StackIdentity } from '../resources/resource-type';
import type { EngineDeps } from './engine-deps';
import { StackRecorder } from './stack-recorder';
import type { StackPlan } from './stack-plan';

/** One run of a stack operation in this worker: the loaded stack, its plan and its resource rows. */
export interface OperationRun {
  deps: EngineDeps;
  stack: Stack;
  plan: StackPlan;
  rows: Map<string, StackResource>;
  recorder: StackRecorder;
  /** Hides the stack's NoEcho values: the recorder masks every reason with it. */
  masker: SecretMasker;
  /** Aborted on cancel, timeout or a lost lease: in-flight resource work stops waiting. */
  abort: AbortController;
  /** Why the operation was aborted, once it was. */
  abortReason?: string;
}

export function identityOf(stack: Stack): StackIdentity {
  return {
    id: stack.id,
    name: stack.name,
    accountId: stack.accountId,
    accountName: stack.accountName,
    domainId: stack.domainId,
    zoneId: stack.zoneId,
    tags: stack.tags,
  };
}

/**
 * The abort controller of an operation. Every job a resource waits on listens to its signal, and
 * a group of a hundred members waits on a hundred jobs at once: no listener limit applies.
 */
export function operationAbortController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
