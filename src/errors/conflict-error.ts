import { ServiceError } from './service-error';

/** The object is in a state that forbids the operation (e.g. a name already taken, a stack busy). */
export class ConflictError extends ServiceError {
  readonly retryable = false;
}
