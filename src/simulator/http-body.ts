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
  const text = await readText(req, limit);
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) out[key] = value;
  return out;
}

/** The body as text, read through stream events: an async iterator costs several times their CPU per request. */
function readText(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError(`request body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
