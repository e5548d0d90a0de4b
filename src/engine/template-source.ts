import { TEMPLATE_LIMITS } from '../template';
import { ValidationError } from '../errors';

const FETCH_TIMEOUT_MS = 10_000;

/**
 * The template a request gives: templatebody, or the document at templateurl. Exactly one of
 * the two; a URL must be http(s), answer in time, and stay within the body limit.
 */
export async function templateFrom(body: string | undefined, url: string | undefined): Promise<string> {
  if ((body === undefined) === (url === undefined)) {
    throw new ValidationError('Exactly one of templatebody and templateurl must be given');
  }
  if (body !== undefined) return body;
  let parsed: URL;
  try {
    parsed = new URL(url as string);
  } catch {
    throw new ValidationError(`Invalid parameter templateurl value=${url}: expected an http or https URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ValidationError(`Invalid parameter templateurl value=${url}: expected an http or https URL`);
  }
  let response: Response;
  try {
    response = await fetch(parsed, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  } catch (error) {
    throw new ValidationError(`Unable to fetch the template at templateurl: ${(error as Error).message}`);
  }
  if (!response.ok) throw new ValidationError(`Unable to fetch the template at templateurl: HTTP ${response.status}`);
  const text = await response.text();
  if (Buffer.byteLength(text, 'utf8') > TEMPLATE_LIMITS.maxBodyBytes) {
    throw new ValidationError(`The template at templateurl is larger than ${TEMPLATE_LIMITS.maxBodyBytes} bytes`);
  }
  return text;
}
