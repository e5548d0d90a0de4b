import { Composer, Document, Parser, YAMLError } from 'yaml';
import { TemplateValidationError } from '../template-validation-error';
import type { TemplateValue } from '../template-value';
import { assertExpandedSizeWithinLimit } from './expanded-size';
import { yamlNodeToTemplateValue } from './yaml-to-value';
import { assertYamlNestingWithinLimit } from './yaml-nesting';
import { shortFormTags } from './yaml-short-tags';

const YAML_OPTIONS = {
  customTags: shortFormTags(),
  uniqueKeys: true,
  prettyErrors: false,
  strict: true,
  version: '1.2',
} as const;

/** Parses a YAML template (one document), expanding short-form tags to their long forms. */
export function parseYamlTemplate(body: string): TemplateValue {
  const tokens = [...new Parser().parse(body)];
  assertYamlNestingWithinLimit(tokens);
  const documents = [...new Composer(YAML_OPTIONS).compose(tokens)] as Document.Parsed[];
  if (documents.length !== 1) {
    throw TemplateValidationError.single('', `YAML not well-formed: expected one document, found ${documents.length}`);
  }
  const document = documents[0];
  const issues = [...document.errors, ...document.warnings];
  if (issues.length > 0) {
    throw new TemplateValidationError(issues.map((issue) => ({ path: '', message: describeYamlIssue(issue, body) })));
  }
  // Our converter bounds aliases as the library's maxAliasCount would (it applies only to toJS);
  // what they expand to is bounded here.
  const value = yamlNodeToTemplateValue(document);
  assertExpandedSizeWithinLimit(value);
  return value;
}

function describeYamlIssue(issue: YAMLError, body: string): string {
  const position = issue.linePos?.[0] ?? lineAndColumn(body, issue.pos[0]);
  const firstLine = issue.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return `YAML not well-formed: ${firstLine} (line ${position.line}, column ${position.col})`;
}

function lineAndColumn(body: string, offset: number): { line: number; col: number } {
  const before = body.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}
