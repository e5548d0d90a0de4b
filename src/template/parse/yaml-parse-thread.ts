import { parentPort } from 'node:worker_threads';
import { guarded } from '../guarded';
import { TemplateValidationError } from '../template-validation-error';
import { parseYamlTemplate } from './parse-yaml';

/**
 * The worker thread that parses YAML templates for yaml-parse-pool.ts: the yaml library's lexer
 * takes a tenth of a second or more on a dense 50 KB template, which the service's event loop
 * (every other tenant's requests) should not wait for. It answers the value, or the problems.
 */
export interface ParseRequest {
  id: number;
  body: string;
}

export type ParseAnswer =
  | { id: number; value: unknown }
  | { id: number; problems: TemplateValidationError['problems'] };

parentPort?.on('message', (request: ParseRequest) => {
  try {
    const value = guarded(() => parseYamlTemplate(request.body));
    parentPort!.postMessage({ id: request.id, value } satisfies ParseAnswer);
  } catch (error) {
    // guarded() lets only TemplateValidationError escape.
    parentPort!.postMessage({ id: request.id, problems: (error as TemplateValidationError).problems } satisfies ParseAnswer);
  }
});
