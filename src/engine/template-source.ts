import { DataSource } from 'typeorm';
import { StoredTemplate } from '../../entities';
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

/**
 * A stored template's text exactly as submitted. The body is a string in a JSON column, and the
 * mysql2 driver already decodes a JSON column, so TypeORM's own decode parses a JSON template a
 * second time and hands back an object. The raw column value avoids that: on MySQL/MariaDB it is
 * the text itself, on SQLite the text JSON-encoded (a quoted string).
 */
export async function storedTemplateText(dataSource: DataSource, templateId: string): Promise<string> {
  const raw = await dataSource.getRepository(StoredTemplate).createQueryBuilder('t').select('t.body', 'body').where('t.id = :id', { id: templateId }).getRawOne<{ body: unknown }>();
  if (!raw) throw new Error(`Stored template ${templateId} not found`);
  const body = raw.body;
  if (typeof body !== 'string') return JSON.stringify(body);
  if (body.startsWith('"')) {
    try {
      const decoded: unknown = JSON.parse(body);
      if (typeof decoded === 'string') return decoded;
    } catch {
      // Not a JSON-encoded string: a YAML template that starts with a quoted key.
    }
  }
  return body;
}
