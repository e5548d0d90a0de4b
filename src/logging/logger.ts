import pino, { Logger } from 'pino';
import { LiveSecrets, liveSecrets } from './live-secrets';

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

export interface LoggerOptions {
  level?: string;
  destination?: pino.DestinationStream;
  name?: string;
  /** The secrets masked in every line; the process's by default. */
  secrets?: LiveSecrets;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets ?? liveSecrets;
  const base: pino.LoggerOptions = {
    level: options.level ?? 'info',
    name: options.name ?? 'csf',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Child loggers inherit the hook: no line of this process escapes the mask, message included.
    hooks: {
      logMethod(args, method) {
        const masker = secrets.current;
        method.apply(this, masker.isEmpty ? args : masker.maskDeep(args));
      },
    },
  };
  return options.destination ? pino(base, options.destination) : pino(base);
}

const SECRET_PARAM = /^(signature|secretkey|password|userdata)$/i;
// Any template parameter may be NoEcho (a password), and the request log cannot know which.
const TEMPLATE_PARAMETER_VALUE = /^parameters\[\d+\]\.value$/i;
// Templates are large and may embed credentials in defaults or user data: their size is enough.
const BODY_PARAM = /^templatebody$/i;
// A template URL may be presigned: its query string (and any user:password@) is a credential.
const URL_PARAM = /^templateurl$/i;

/** The URL without what can authenticate: user info and query string. */
function urlForLog(value: string): string {
  try {
    const url = new URL(value);
    const query = url.search ? '?[redacted]' : '';
    return `${url.protocol}//${url.host}${url.pathname}${query}`;
  } catch {
    return `[not a URL, ${Buffer.byteLength(value, 'utf8')} bytes]`;
  }
}

/** Request parameters fit for a log line: credentials, user data and template parameter values replaced. */
export function scrubParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (SECRET_PARAM.test(key) || TEMPLATE_PARAMETER_VALUE.test(key)) out[key] = '[redacted]';
    else if (BODY_PARAM.test(key)) out[key] = `[${Buffer.byteLength(value, 'utf8')} bytes]`;
    else if (URL_PARAM.test(key)) out[key] = urlForLog(value);
    else out[key] = value;
  }
  return out;
}
