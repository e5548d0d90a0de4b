import { ServiceError } from './service-error';

/**
 * Something failed that the caller cannot fix. The message is for logs; callers see CloudStack's
 * generic internal-error text unless `publicMessage` says otherwise.
 */
export class InternalError extends ServiceError {
  readonly retryable: boolean;
  readonly publicMessage?: string;

  constructor(message: string, options: { retryable?: boolean; publicMessage?: string; cause?: unknown } = {}) {
    super(message);
    this.retryable = options.retryable ?? true;
    this.publicMessage = options.publicMessage;
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
