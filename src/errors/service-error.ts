/**
 * The root of the service's own error taxonomy. Code below the API layer throws these; the one
 * mapping in to-cloudstack-error.ts turns them into CloudStack wire errors.
 */
export abstract class ServiceError extends Error {
  /** A worker may retry the operation later; permanent failures (bad input, denied) may not. */
  abstract readonly retryable: boolean;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
