import { diffStack } from '../../../../../src/engine/change-model';
import type { ModifyChange, ResourceChange } from '../../../../../src/engine/change-model';
import type { TypeRegistry } from '../../../../../src/template';
import { contextOf, createdStack } from './stacks';
import type { TemplateJson } from './template-builder';
import { TEST_REGISTRY } from './test-types';

export interface DiffParameters {
  before?: Record<string, string>;
  after?: Record<string, string>;
}

/** Creates `before` (as recorded state) and diffs it against `after`. */
export function diffTemplates(before: TemplateJson, after: TemplateJson, parameters: DiffParameters = {}, registry: TypeRegistry = TEST_REGISTRY): ResourceChange[] {
  const current = createdStack(contextOf(JSON.stringify(before), parameters.before, registry), registry);
  return diffStack(current, contextOf(JSON.stringify(after), parameters.after, registry), registry);
}

export function modifyOf(changes: readonly ResourceChange[], logicalId: string): ModifyChange {
  const change = changes.find((c) => c.logicalId === logicalId);
  if (change?.action !== 'Modify') throw new Error(`${logicalId}: expected Modify, got ${JSON.stringify(change)}`);
  return change;
}

/** `Modify Vm True`, `Add Key`: the shape of a plan at a glance. */
export function summary(changes: readonly ResourceChange[]): string[] {
  return changes.map((c) => (c.action === 'Modify' ? `Modify ${c.logicalId} ${c.replacement}` : `${c.action} ${c.logicalId}`));
}
