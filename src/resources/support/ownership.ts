import { ConflictError } from '../../errors';
import type { ResourceContext } from '../resource-type';
import { GENERATION_TAG, generationOf, stackTags } from './naming';

export interface Tag {
  key: string;
  value: string;
}

/** An object in the management server that would be, or collide with, the one a resource makes. */
export interface ExistingObject {
  id: string;
  name?: string;
  /** CloudStack lists an object's tags with it; absent for types CloudStack cannot tag. */
  tags?: Tag[];
}

/**
 * A resource would take an object the stack did not create. CloudFormation answers "already
 * exists" in this case; the resource fails and OnFailure applies, while the object itself is
 * never recorded, so neither rollback nor delete touches it.
 */
export class AlreadyExistsError extends ConflictError {
  constructor(resourceType: string, existing: ExistingObject, what = 'An object') {
    const named = existing.name === undefined ? what : `${resourceType} "${existing.name}"`;
    const id = existing.id === existing.name ? '' : ` (id ${existing.id})`;
    super(
      `${named} already exists${id} and was not created by this stack; the stack will not use or delete it. ` +
        (existing.name === undefined ? 'Remove it or change the template.' : 'Choose another name, or leave the name out to get a generated one.'),
    );
  }
}

/** Whether an object carries this stack's and this resource's tags: the only proof, besides a recorded id, that it is ours. */
export function carriesOwnTags(ctx: Pick<ResourceContext, 'stack' | 'logicalId' | 'state'>, tags: Tag[] | undefined): boolean {
  const present = tags ?? [];
  const wanted = stackTags(ctx);
  // The object a replacement replaces carries the same stack and logical id: the generation tells them apart.
  const sameGeneration = (present.find((t) => t.key === GENERATION_TAG)?.value ?? '1') === String(generationOf(ctx));
  return sameGeneration && wanted.every((want) => present.some((t) => t.key === want.key && t.value === want.value));
}

/**
 * Decides what a resource may do with objects found under its name (or matching its definition)
 * before it creates anything: one carrying its tags is its own, left by a run that crashed after
 * tagging, and is adopted; any other makes the resource fail. Returns the adopted id, or
 * undefined when the way is clear.
 */
export function claimExisting(ctx: Pick<ResourceContext, 'stack' | 'logicalId' | 'resourceType' | 'state'>, found: ExistingObject[], what?: string): string | undefined {
  const own = found.find((o) => carriesOwnTags(ctx, o.tags));
  if (own) return own.id;
  if (found.length > 0) throw new AlreadyExistsError(ctx.resourceType, found[0], what);
  return undefined;
}
