import { ServiceError } from './service-error';

/** The request or its content is wrong; repeating it unchanged fails the same way. */
export class ValidationError extends ServiceError {
  readonly retryable = false;
}
