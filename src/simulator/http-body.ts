import type { IncomingMessage } from 'node:http';

/** CloudStack reads form bodies up to Jetty's form size limit; 1 MB of user data plus the rest. */
export const MAX_FORM_BYTES = 1024 * 1024 + 64 * 1024;

export class BodyTooLargeError extends Error {}

/**
 * Reads an application/x-www-form-urlencoded body into flat parameters. Parsed by hand because
 * the usual form parsers nest `tags[0].key` into objects, while CloudStack keeps keys flat.
 */
export async function readFormBody(req: IncomingMessage, limit = MAX_FORM_BYTES): Promise<Record<string, string>> {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError(`request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) out[key] = value;
  return out;
}
