import type { StackResource } from '../../../entities';

/** What identifies one physical object of a logical resource: enough to update or delete it. */
export interface Generation {
  physicalId: string | null;
  attributes: Record<string, unknown>;
  metadata: Record<string, unknown>;
  resolvedProperties: Record<string, unknown>;
  /**
   * Set when the generation's progress (deleting it) started being journaled: the entries of the
   * row's kept-generation journal apply to this metadata on load (kept-generation-journal.ts). A
   * new generation (generationOf) has no mark, so entries left by another can never apply to it.
   */
  journaled?: boolean;
}

/**
 * A resource's `previous` column during an update:
 * - Modify: changed in place; the generation is how it was, restored on rollback.
 * - Replace: a new object was (or is being) made; the generation is the old object, deleted in
 *   cleanup or made current again on rollback.
 * - Discard: a rolled-back replacement; the generation is the new object, deleted in the
 *   rollback's cleanup.
 */
export interface PreviousState {
  updateId: string;
  action: 'Modify' | 'Replace' | 'Discard';
  generation: Generation;
  /** The properties the update goes to: what rollback undoes when a change stopped half way. */
  target?: Record<string, unknown>;
  /** Replace only: the type cannot hold both objects, so the old one is deleted before the new one is made. */
  deleteFirst?: boolean;
  /** Replace with deleteFirst: the old object is gone (cleanup has nothing left to delete, rollback must recreate it). */
  oldDeleted?: boolean;
}

export function previousOf(row: StackResource, updateId: string): PreviousState | undefined {
  const previous = row.previous as PreviousState | null;
  return previous && previous.updateId === updateId ? previous : undefined;
}

export function generationOf(row: StackResource): Generation {
  // A copy: the row's metadata changes in place as its handler records steps (state-patch.ts),
  // and the generation kept aside must stay as it was.
  return { physicalId: row.physicalId, attributes: row.attributes, metadata: structuredClone(row.metadata), resolvedProperties: row.resolvedProperties };
}

/** A generation's state as row columns: what a row that takes the generation back is written with. */
export function generationColumns(generation: Generation): Pick<StackResource, 'physicalId' | 'attributes' | 'metadata' | 'resolvedProperties'> {
  const { physicalId, attributes, metadata, resolvedProperties } = generation;
  return { physicalId, attributes, metadata, resolvedProperties };
}

/** The generation counter a replacement gives its new object: names and tags tell generations apart. */
export function nextGenerationNumber(row: StackResource): number {
  return ((row.metadata.generation as number | undefined) ?? 1) + 1;
}
