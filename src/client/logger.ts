/**
 * The slice of pino's API the client uses, so a pino logger (or a child of one) can be passed
 * as is. The client logs commands, attempts, statuses and job ids — never parameter values,
 * because they carry user data, passwords and the signature.
 */
export interface ClientLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const ignore = (): void => undefined;

export const silentLogger: ClientLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
