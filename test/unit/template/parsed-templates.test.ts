import { parseTemplate, TemplateValidationError } from '../../../src/template';
import { preparseTemplate, resetParsedTemplates } from '../../../src/template/parse/parsed-templates';
import { parseYamlTemplate } from '../../../src/template/parse/parse-yaml';

/** A dense YAML template of about 40 KB: flow collections and short-form tags, slow for the lexer. */
function denseTemplate(tag: string): string {
  const lines = ['Resources:'];
  for (let i = 0; i < 200; i++) {
    lines.push(`  R${i}: {Type: 'CloudStack::AffinityGroup', Properties: {Description: !Sub '${tag} \${AWS::StackName} ${i}', Name: !Join ['-', [a, b, !Ref AWS::Region, '${i}']], Tags: [{Key: k${i}, Value: v}, {Key: j${i}, Value: w}]}}`);
  }
  return `${lines.join('\n')}\n`;
}

afterEach(async () => {
  await resetParsedTemplates();
});

describe('YAML templates parsed off the event loop', () => {
  it('answers what the synchronous parser answers, and each caller gets a copy of its own', async () => {
    const body = denseTemplate('copy');
    await preparseTemplate(body);
    const first = parseTemplate(body);
    expect(first).toEqual(parseYamlTemplate(body));
    (first.Resources as Record<string, unknown>).R0 = 'changed';
    expect(parseTemplate(body)).toEqual(parseYamlTemplate(body));
  });

  it('lets the event loop turn while a template is parsed', async () => {
    const order: string[] = [];
    const parsing = preparseTemplate(denseTemplate('loop')).then(() => order.push('parsed'));
    setImmediate(() => order.push('loop turned'));
    await parsing;
    expect(order).toEqual(['loop turned', 'parsed']);
  });

  it('remembers a template that does not parse, with the problems the synchronous parser finds', async () => {
    const body = 'Resources:\n  A: {Type: x\n  B: [\n';
    let direct: unknown;
    try {
      parseYamlTemplate(body);
    } catch (error) {
      direct = error;
    }
    await preparseTemplate(body);
    expect(() => parseTemplate(body)).toThrow(TemplateValidationError);
    expect(() => parseTemplate(body)).toThrow((direct as Error).message);
  });

  it('refuses a template whose parse outlasts its time, and the next template is parsed by a new thread', async () => {
    // Warm: the thread is started (under ts-jest it compiles TypeScript first).
    await preparseTemplate('Resources: {}\n');
    const slow = denseTemplate('slow');
    await preparseTemplate(slow, { timeoutMs: 1 });
    expect(() => parseTemplate(slow)).toThrow('template could not be parsed within 0.001 s');
    const next = denseTemplate('next');
    await preparseTemplate(next);
    expect(parseTemplate(next)).toEqual(parseYamlTemplate(next));
  });
});
