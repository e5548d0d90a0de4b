import { ServiceError } from './service-error';

/** An account or domain limit would be exceeded. */
export class ResourceLimitError extends ServiceError {
  readonly retryable = false;
}
