import type { TemplateValue } from '../../template-value';
import { isTemplateObject } from '../../template-value';
import { MISSING } from '../sentinels';
import { asInteger, asList, asString } from './as-types';
import type { FunctionImplementation } from './function-implementation';

export const join: FunctionImplementation = (args, path, evaluator) => {
  const [delimiter, listArg] = args as [string, TemplateValue];
  const list = evaluator.argument(listArg, `${path}[1]`);
  if (list === MISSING) return MISSING;
  const items = asList(list as TemplateValue, path, evaluator, 'Fn::Join values');
  return items.map((item, index) => asString(item, `${path}[1][${index}]`, evaluator, 'each Fn::Join value')).join(delimiter);
};

export const split: FunctionImplementation = (args, path, evaluator) => {
  const [delimiter, sourceArg] = args as [string, TemplateValue];
  const source = evaluator.argument(sourceArg, `${path}[1]`);
  if (source === MISSING) return MISSING;
  const text = asString(source as TemplateValue, path, evaluator, 'Fn::Split source');
  return delimiter === '' ? [...text] : text.split(delimiter);
};

export const select: FunctionImplementation = (args, path, evaluator) => {
  const [indexArg, listArg] = args as [TemplateValue, TemplateValue];
  const index = evaluator.argument(indexArg, `${path}[0]`);
  const list = evaluator.argument(listArg, `${path}[1]`);
  if (index === MISSING || list === MISSING) return MISSING;
  const position = asInteger(index as TemplateValue, path, evaluator, 'Fn::Select index');
  const items = asList(list as TemplateValue, path, evaluator, 'Fn::Select values');
  if (position >= items.length) return evaluator.fail(path, `index ${position} is out of range for a list of ${items.length}`);
  return items[position];
};

export const base64: FunctionImplementation = (args, path, evaluator) => {
  const value = evaluator.argument(args, path);
  if (value === MISSING) return MISSING;
  return Buffer.from(asString(value as TemplateValue, path, evaluator, 'Fn::Base64 value'), 'utf8').toString('base64');
};

export const length: FunctionImplementation = (args, path, evaluator) => {
  const value = evaluator.argument(args, path);
  if (value === MISSING) return MISSING;
  return asList(value as TemplateValue, path, evaluator, 'Fn::Length value').length;
};

export const toJsonString: FunctionImplementation = (args, path, evaluator) => {
  const value = evaluator.argument(args, path);
  if (value === MISSING) return MISSING;
  return JSON.stringify(value);
};

/** Heat's Fn::Replace [{search: replacement}, text]; longer keys first so overlapping keys behave. */
export const replace: FunctionImplementation = (args, path, evaluator) => {
  const [mappingArg, textArg] = args as [TemplateValue, TemplateValue];
  const mapping = evaluator.argument(mappingArg, `${path}[0]`);
  const text = evaluator.argument(textArg, `${path}[1]`);
  if (mapping === MISSING || text === MISSING) return MISSING;
  if (!isTemplateObject(mapping)) return evaluator.fail(path, 'Fn::Replace needs an object of replacements');
  let result = asString(text as TemplateValue, path, evaluator, 'Fn::Replace text');
  const searches = Object.keys(mapping).filter((key) => key !== '').sort((a, b) => b.length - a.length);
  for (const search of searches) result = result.split(search).join(asString(mapping[search], path, evaluator, `replacement for '${search}'`));
  return result;
};
