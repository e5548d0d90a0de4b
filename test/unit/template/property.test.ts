import fc from 'fast-check';
import { stringify } from 'yaml';
import type { TemplateValue } from '../../../src/template';
import {
  TemplateValidationError, activeResources, buildDependencyGraph, createEvaluationContext, describeTemplate, evaluateOutputs,
  evaluateResourceProperties, loadTemplate, resolveParameters,
} from '../../../src/template';
import { PSEUDO } from './support/evaluation';
import { testRegistry } from './support/test-registry';

const registry = testRegistry();
const NAMES = ['Zone', 'Size', 'Web', 'Db', 'IsProd', 'Sizes', 'AWS::Region', 'AWS::NoValue', 'Web.PrivateIp', 'Db.Password', ''];
const FUNCTIONS = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::If', 'Fn::Equals',
  'Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::Base64', 'Fn::Cidr', 'Fn::ImportValue', 'Fn::Length', 'Fn::ToJsonString', 'Fn::Replace', 'Condition', 'Fn::Nope'];

/** Values biased towards the template's own names and intrinsic calls, so mutations reach deep code. */
const templateValue: fc.Arbitrary<TemplateValue> = fc.letrec<{ value: TemplateValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<TemplateValue>(...NAMES, 0, 1, -1, 2.5, true, null, '10.0.0.0/16', '${Web.PrivateIp}-${Size}', '${!x}', '${'),
    fc.string({ maxLength: 8 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'Ref', 'Fn::Sub', 'Condition'), tie('value'), { maxKeys: 3 }),
    fc.tuple(fc.constantFrom(...FUNCTIONS), tie('value')).map(([name, args]) => ({ [name]: args }) as TemplateValue),
  ),
})).value;

const BASE = {
  Parameters: {
    Zone: { Type: 'CloudStack::Zone::Id', Default: 'z1' },
    Size: { Type: 'Number', Default: '2', MinValue: 1, MaxValue: 9 },
    Names: { Type: 'CommaDelimitedList', Default: 'a,b' },
  },
  Mappings: { Sizes: { '2': { Offering: 'small' }, z1: { Offering: 'large' } } },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Zone' }, 'z1'] } },
  Resources: {
    Db: { Type: 'CloudStack::VirtualMachine', Properties: { Zone: { Ref: 'Zone' }, Template: 't', ServiceOffering: 's' } },
    Web: {
      Type: 'CloudStack::VirtualMachine',
      Condition: 'IsProd',
      Properties: { Zone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, Template: { 'Fn::GetAtt': ['Db', 'PrivateIp'] }, ServiceOffering: { 'Fn::FindInMap': ['Sizes', { Ref: 'Size' }, 'Offering'] } },
    },
  },
  Outputs: { Ip: { Value: { 'Fn::Sub': '${Web.PrivateIp}' }, Condition: 'IsProd' } },
} as Record<string, TemplateValue>;

/** Replaces the value at a random path of the base template (or adds a key there). */
function mutate(base: TemplateValue, path: string[], replacement: TemplateValue): TemplateValue {
  if (path.length === 0 || typeof base !== 'object' || base === null) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(base)) {
    const index = Number.parseInt(head, 36) % Math.max(base.length, 1);
    return base.map((item, i) => (i === index ? mutate(item, rest, replacement) : item));
  }
  const keys = Object.keys(base);
  const key = keys.length > 0 && head.length % 2 === 0 ? keys[head.length % keys.length] : head;
  return { ...base, [key]: mutate(base[key] ?? null, rest, replacement) };
}

const KNOWN = { ref: (id: string) => `${id}-id`, getAtt: (id: string, attribute: string) => (attribute === 'PrivateIps' ? ['10.0.0.1'] : `${id}.${attribute}`) };

/** Runs the whole pipeline; only the module's own error may escape. */
function exercise(body: string, given: Record<string, string>): void {
  const started = Date.now();
  try {
    describeTemplate(body, registry);
    const template = loadTemplate(body, registry);
    const context = createEvaluationContext({ template, parameterValues: resolveParameters(template, given), pseudo: PSEUDO });
    const active = activeResources(context);
    buildDependencyGraph(template, active).criticalPath(() => 1);
    for (const id of active) evaluateResourceProperties(context, id, KNOWN);
    evaluateOutputs(context, KNOWN);
  } catch (error) {
    if (!(error instanceof TemplateValidationError)) throw error;
  }
  expect(Date.now() - started).toBeLessThan(1000);
}

const givenParameters = fc.dictionary(fc.constantFrom('Zone', 'Size', 'Names', 'Other'), fc.constantFrom('z1', '3', '0', 'a,b', '', 'x'), { maxKeys: 3 });
const asBody = fc.constantFrom<(value: TemplateValue) => string>((value) => JSON.stringify(value), (value) => stringify(value));

describe('property: hostile and mutated templates', () => {
  it('survives random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (body) => exercise(body, {})), { numRuns: 300 });
  });

  it('survives text made of YAML and JSON syntax', () => {
    const syntax = fc.constantFrom('{', '}', '[', ']', ':', ' ', '\n', '- ', '&a ', '*a', '!Ref ', '!GetAtt ', '!Sub ', '"', "'", '#', '? ', '|', 'Resources', 'Fn::If', ',', '\t', '!!str ', '<<: ');
    fc.assert(fc.property(fc.array(syntax, { maxLength: 200 }), (parts) => exercise(parts.join(''), {})), { numRuns: 300 });
  });

  it('survives random values at random places of a valid template', () => {
    const mutation = fc.tuple(fc.array(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }), templateValue);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), asBody, givenParameters, (mutations, render, given) => {
        const template = mutations.reduce((current, [path, value]) => mutate(current, path, value), BASE as TemplateValue);
        exercise(render(template), given);
      }),
      { numRuns: 500 },
    );
  });

  it('survives random templates built from the same parts', () => {
    const resource = fc.record({ Type: fc.constantFrom('CloudStack::VirtualMachine', 'CloudStack::VirtualMachineGroup', 'AWS::CloudFormation::WaitCondition'), Properties: fc.dictionary(fc.constantFrom('Zone', 'Template', 'ServiceOffering', 'Count', 'Handle', 'Timeout'), templateValue, { maxKeys: 4 }), DependsOn: fc.constantFrom('Db', 'Web', []) });
    const template = fc.record({
      Parameters: fc.constant(BASE.Parameters),
      Conditions: fc.dictionary(fc.constantFrom('IsProd', 'Other'), templateValue, { maxKeys: 2 }),
      Resources: fc.dictionary(fc.constantFrom('Web', 'Db', 'Cache'), resource, { minKeys: 1, maxKeys: 3 }),
      Outputs: fc.dictionary(fc.constantFrom('A', 'B'), fc.record({ Value: templateValue }), { maxKeys: 2 }),
    });
    fc.assert(fc.property(template, asBody, givenParameters, (value, render, given) => exercise(render(value as TemplateValue), given)), { numRuns: 500 });
  });

  it('accepts the unmutated base template', () => {
    expect(describeTemplate(JSON.stringify(BASE), registry).resourcetypes).toEqual(['CloudStack::VirtualMachine']);
  });
});
