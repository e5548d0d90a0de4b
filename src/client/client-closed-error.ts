/** The client was closed while a call or a job wait was still outstanding. */
export class CloudStackClientClosedError extends Error {
  constructor(what: string) {
    super(`CloudStack client closed while ${what}`);
    this.name = 'CloudStackClientClosedError';
  }
}
