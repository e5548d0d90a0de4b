import { ValidationError } from '../../errors';

/**
 * A resource kept its logical id but changed its type. CloudFormation refuses the whole update
 * (it neither replaces nor converts), and so do we, with its text.
 */
export class ResourceTypeChangeError extends ValidationError {
  constructor(readonly logicalIds: readonly string[]) {
    super(`Update of resource type is not permitted. The new template modifies resource type of the following resources: [${logicalIds.join(', ')}]`);
  }
}
