import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { TEMPLATE_LIMITS } from '../limits';
import { TemplateValidationError } from '../template-validation-error';
import type { TemplateValue } from '../template-value';
import { YamlParsePool } from './yaml-parse-pool';

type Parsed = { value: TemplateValue } | { problems: TemplateValidationError['problems'] };

/**
 * YAML templates parsed off the event loop, by the text's digest: the API parses a template once,
 * in a worker thread, before the synchronous code that validates and plans it asks for it again
 * (and again in the job that runs the operation). Callers get copies: the cached value is never
 * handed out to be changed.
 */
const parsed = new LRUCache<string, Parsed>({ max: 64, maxSize: 8 * 1024 * 1024, sizeCalculation: (_value, key) => Number(key.split(':')[1]) || 1 });
let pool = new YamlParsePool();

const keyOf = (body: string) => `${createHash('sha256').update(body).digest('hex')}:${body.length}`;

export function isYamlBody(body: string): boolean {
  return !body.trimStart().startsWith('{');
}

/** The YAML template's value when it was parsed before (a copy), or why it failed; undefined when not. */
export function parsedBefore(body: string): TemplateValue | undefined {
  const found = parsed.get(keyOf(body));
  if (!found) return undefined;
  if ('problems' in found) throw new TemplateValidationError(found.problems);
  return structuredClone(found.value);
}

/**
 * Parses a YAML template in the worker thread and remembers the outcome, so that parseTemplate
 * finds it without holding the event loop. JSON needs none of this (JSON.parse is native and
 * fast). A failure of the thread itself is not the template's: parseTemplate then parses it here.
 */
export async function preparseTemplate(body: string, options: { timeoutMs?: number } = {}): Promise<void> {
  // What parseTemplate refuses before parsing is not worth a thread's time.
  if (typeof body !== 'string' || !isYamlBody(body) || body.trim() === '' || Buffer.byteLength(body, 'utf8') > TEMPLATE_LIMITS.maxBodyBytes) return;
  const key = keyOf(body);
  if (parsed.has(key)) return;
  try {
    parsed.set(key, { value: await pool.parse(body, options.timeoutMs) });
  } catch (error) {
    if (error instanceof TemplateValidationError) parsed.set(key, { problems: error.problems });
  }
}

/** Forgets every parsed template and ends the thread (tests; a process that is stopping). */
export async function resetParsedTemplates(): Promise<void> {
  parsed.clear();
  await pool.close();
  pool = new YamlParsePool();
}
