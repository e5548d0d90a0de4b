/**
 * An error in AWS's terms, answered as `<ErrorResponse>`: the code clients match on (the SDK
 * makes it the exception's name), the HTTP status, and who is at fault.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = 'AwsError';
  }

  static validation(message: string): AwsError {
    return new AwsError('ValidationError', message);
  }

  /** How AWS answers a stack name or id that is not there (or not the caller's). */
  static stackNotFound(nameOrId: string): AwsError {
    return AwsError.validation(`Stack with id ${nameOrId} does not exist`);
  }

  static changeSetNotFound(name: string): AwsError {
    return new AwsError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`, 404);
  }
}
