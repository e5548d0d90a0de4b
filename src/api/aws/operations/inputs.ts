import type { StackParameter, StackTag } from '../../../../entities';
import { templateFrom } from '../../../engine/template-source';
import type { ResourceRegistry } from '../../../resources/registry';
import { loadTemplate, TemplateValidationError } from '../../../template';
import type { AwsRequest, AwsServices } from '../operation';
import { AwsError } from '../aws-error';

interface AwsParameter {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
}

/**
 * Parameters as the engine takes them. On an update a parameter with UsePreviousValue is left out:
 * the engine keeps the previous value of every declared parameter not given.
 */
export function parametersOf(input: Record<string, any>, existingStack: boolean): StackParameter[] {
  return ((input.Parameters as AwsParameter[] | undefined) ?? []).flatMap((p) => {
    if (!p.ParameterKey) throw AwsError.validation('Invalid input: every parameter needs a ParameterKey');
    if (p.UsePreviousValue) {
      if (p.ParameterValue !== undefined) throw AwsError.validation(`Invalid input for parameter key ${p.ParameterKey}. Cannot specify usePreviousValue as true and non empty value for a parameter`);
      if (!existingStack) throw AwsError.validation(`Invalid input for parameter key ${p.ParameterKey}. Cannot specify usePreviousValue as true for a stack that does not exist yet`);
      return [];
    }
    if (p.ParameterValue === undefined) throw AwsError.validation(`Invalid input for parameter key ${p.ParameterKey}. Need to specify either usePreviousValue as true or a value for the parameter`);
    return [{ key: p.ParameterKey, value: p.ParameterValue }];
  });
}

/**
 * An update's parameters with AWS's rule for the ones not mentioned: each declared parameter is
 * given a value, kept with UsePreviousValue, or else takes its Default again (the engine on its
 * own would keep the previous value). A declared parameter with none of the three is refused.
 */
export function updateParametersOf(input: Record<string, any>, templateBody: string, registry: ResourceRegistry): StackParameter[] {
  const given = parametersOf(input, true);
  const mentioned = new Set(((input.Parameters as AwsParameter[] | undefined) ?? []).map((p) => p.ParameterKey));
  let declared;
  try {
    declared = loadTemplate(templateBody, registry.typeRegistry()).parameters;
  } catch (error) {
    // The engine reports a broken template with every problem in it.
    if (error instanceof TemplateValidationError) return given;
    throw error;
  }
  const missing: string[] = [];
  const defaults: StackParameter[] = [];
  for (const [key, definition] of Object.entries(declared)) {
    if (mentioned.has(key)) continue;
    if (definition.default === undefined) missing.push(key);
    else defaults.push({ key, value: definition.default });
  }
  if (missing.length > 0) throw AwsError.validation(`Parameters: [${missing.join(', ')}] must have values`);
  return [...given, ...defaults];
}

/** Tags, or undefined when not sent; `Tags=` (an empty list) clears them, as AWS documents. */
export function tagsOf(input: Record<string, any>): StackTag[] | undefined {
  const tags = input.Tags as Array<{ Key: string; Value: string }> | undefined;
  return tags?.map((t) => ({ key: t.Key, value: t.Value }));
}

/** TemplateBody or TemplateURL (fetched under the same allow-list as the CloudStack commands). */
export async function templateOf(request: AwsRequest, services: AwsServices): Promise<string> {
  const { TemplateBody: body, TemplateURL: url } = request.input;
  if (body !== undefined && url !== undefined) throw AwsError.validation('You cannot specify both TemplateURL and TemplateBody');
  if (body === undefined && url === undefined) throw AwsError.validation('Either Template URL or Template Body must be specified.');
  return templateFrom(body, url, { allow: services.templateUrls, logger: request.logger });
}

export const PAGE = 100;

/** Where a NextToken says the next page starts (the token is the offset, opaque to clients). */
export function offsetOf(nextToken: string | undefined): number {
  if (nextToken === undefined) return 0;
  const offset = Number(Buffer.from(nextToken, 'base64url').toString());
  if (!Number.isInteger(offset) || offset < 0 || offset % PAGE !== 0) throw AwsError.validation('Invalid NextToken');
  return offset;
}

/** The NextToken after a page starting at `offset`, when more remain. */
export function nextTokenAfter(offset: number, total: number): string | undefined {
  return offset + PAGE < total ? Buffer.from(String(offset + PAGE)).toString('base64url') : undefined;
}

/** A page of a list held whole, and the NextToken for the rest. */
export function page<T>(items: T[], nextToken: string | undefined): { items: T[]; NextToken?: string } {
  const offset = offsetOf(nextToken);
  return { items: items.slice(offset, offset + PAGE), NextToken: nextTokenAfter(offset, items.length) };
}
