import { ServiceError } from './service-error';

/**
 * The object does not exist, or the caller may not see it: both answer the same, so that ids
 * of other accounts reveal nothing.
 */
export class NotFoundError extends ServiceError {
  readonly retryable = false;
}
