import { ServiceError } from './service-error';

/** The caller is known but may not do this. */
export class PermissionDeniedError extends ServiceError {
  readonly retryable = false;
}
