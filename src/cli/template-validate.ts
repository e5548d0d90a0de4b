import { readFile } from 'node:fs/promises';
import type { TemplateDescription, TypeRegistry } from '../template';
import { TemplateValidationError, describeTemplate } from '../template';

const USAGE = 'usage: csf template validate FILE';

/**
 * `csf template validate FILE`: prints a summary of a valid template to `out` and returns 0, or
 * prints every problem to `err`, one `path: message` per line, and returns 1.
 */
export async function runTemplateValidate(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, registry: TypeRegistry): Promise<number> {
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    err.write(`${USAGE}\n`);
    return 1;
  }
  const file = argv[0];
  let body: string;
  try {
    body = await readFile(file, 'utf8');
  } catch (error) {
    err.write(`${file}: cannot read: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    out.write(formatSummary(file, describeTemplate(body, registry)));
    return 0;
  } catch (error) {
    if (!(error instanceof TemplateValidationError)) throw error;
    for (const problem of error.problems) err.write(`${file}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}\n`);
    return 1;
  }
}

function formatSummary(file: string, description: TemplateDescription): string {
  const lines = [`${file}: valid`];
  if (description.description !== undefined) lines.push(`Description: ${description.description.replace(/\s+/g, ' ').trim()}`);
  lines.push(`Parameters (${description.parameters.length}):`);
  for (const parameter of description.parameters) {
    const details = [parameter.type];
    if (parameter.defaultvalue !== undefined) details.push(`default ${JSON.stringify(parameter.defaultvalue)}`);
    if (parameter.allowedvalues !== undefined) details.push(`one of ${parameter.allowedvalues.join('|')}`);
    if (parameter.noecho) details.push('NoEcho');
    lines.push(`  ${parameter.name} (${details.join(', ')})${parameter.description ? ` - ${parameter.description}` : ''}`);
  }
  lines.push(`Resource types (${description.resourcetypes.length}):`);
  for (const type of description.resourcetypes) lines.push(`  ${type}`);
  return `${lines.join('\n')}\n`;
}
