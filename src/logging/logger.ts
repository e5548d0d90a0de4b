import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths that may hold a secret anywhere in a log record. Keys and signatures are credentials;
 * request parameters are logged only after scrubbing (see scrubParams) but are redacted here too
 * in case a caller logs them whole.
 */
export const REDACTED_PATHS = [
  'secretKey',
  'secretkey',
  'password',
  'signature',
  '*.secretKey',
  '*.secretkey',
  '*.password',
  '*.signature',
  '*.*.secretKey',
  '*.*.secretkey',
  '*.*.signature',
  'headers.authorization',
  '*.headers.authorization',
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream; name?: string } = {}): Logger {
  const base = { level: options.level ?? 'info', name: options.name ?? 'csf', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return options.destination ? pino(base, options.destination) : pino(base);
}

const SECRET_PARAM = /^(signature|secretkey|password|userdata)$/i;

/** Request parameters fit for a log line: credentials and user data replaced. */
export function scrubParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) out[key] = SECRET_PARAM.test(key) ? '[redacted]' : value;
  return out;
}
