import { DataSource } from 'typeorm';
import { StoredTemplate } from '../../entities';
import { ValidationError } from '../errors';
import { preparseTemplate } from '../template';
import type { Logger } from '../logging/logger';
import type { TemplateUrlAllowList } from './template-url/allow-list';
import { assertFetchedDocumentIsTemplate } from './template-url/fetched-document';
import { fetchTemplateUrl } from './template-url/fetch-template-url';
import { TemplateUrlError } from './template-url/template-url-error';

export interface TemplateUrlPolicy {
  allow: TemplateUrlAllowList;
  /** Where the reason a templateurl failed goes: the caller only ever sees one text. */
  logger?: Logger;
}

/** The template a request gives: templatebody, or the document at templateurl. Exactly one of the two. */
export async function templateFrom(body: string | undefined, url: string | undefined, policy: TemplateUrlPolicy): Promise<string> {
  if ((body === undefined) === (url === undefined)) {
    throw new ValidationError('Exactly one of templatebody and templateurl must be given');
  }
  if (body !== undefined) {
    await preparseTemplate(body);
    return body;
  }
  let fetched: string;
  try {
    fetched = await fetchTemplateUrl(url as string, { allow: policy.allow });
  } catch (error) {
    if (error instanceof TemplateUrlError) policy.logger?.warn({ reason: error.reason }, 'templateurl not retrieved');
    throw error;
  }
  await preparseTemplate(fetched);
  assertFetchedDocumentIsTemplate(fetched);
  return fetched;
}

/**
 * The template of an update or change set: templatebody, the document at templateurl, or none
 * with useprevioustemplate=true (undefined: the stack's own). A request with none of the three is
 * told all three, not only the two a create takes.
 */
export async function newTemplateFrom(body: string | undefined, url: string | undefined, usePrevious: boolean, policy: TemplateUrlPolicy): Promise<string | undefined> {
  if (body === undefined && url === undefined) {
    if (usePrevious) return undefined;
    throw new ValidationError(ONE_TEMPLATE_SOURCE);
  }
  return templateFrom(body, url, policy);
}

/** The rule newTemplateFrom enforces, and the update's check once the request is read. */
export const ONE_TEMPLATE_SOURCE = 'Exactly one of templatebody, templateurl and useprevioustemplate=true must be given';

/**
 * A stored template's text exactly as submitted. The body is a string in a JSON column, and the
 * mysql2 driver already decodes a JSON column, so TypeORM's own decode parses a JSON template a
 * second time and hands back an object. The raw column value avoids that: on MySQL/MariaDB it is
 * the text itself, on SQLite the text JSON-encoded (a quoted string).
 */
export async function storedTemplateText(dataSource: DataSource, templateId: string): Promise<string> {
  const raw = await dataSource.getRepository(StoredTemplate).createQueryBuilder('t').select('t.body', 'body').where('t.id = :id', { id: templateId }).getRawOne<{ body: unknown }>();
  if (!raw) throw new Error(`Stored template ${templateId} not found`);
  const text = decodedTemplateText(raw.body);
  // The operation that reads it plans it next, synchronously: parsed off the event loop first.
  await preparseTemplate(text);
  return text;
}

function decodedTemplateText(body: unknown): string {
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
