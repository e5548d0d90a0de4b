import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ParameterDefinition, ReferenceResolver, Template } from '../../../src/template';
import {
  TemplateValidationError, TypeRegistry, activeResources, buildDependencyGraph, createEvaluationContext, evaluateOutputs,
  evaluateResourceProperties, evaluateResourceSection, parseTemplate, resolveParameters, validateTemplate,
} from '../../../src/template';
import { isTemplateObject } from '../../../src/template/template-value';
import { PSEUDO } from './support/evaluation';
import { SUPPORTED_RESOURCE_TYPES } from './support/supported-types';

const CORPUS = join(__dirname, '../../../../shared/corpus/heat-cfn');

/** Templates that are not well-formed as written; everything else must parse and evaluate. */
const MALFORMED: Record<string, string> = {
  'F17/Rails_Single_Instance.template': "Mappings.AWSInstanceType2Arch: duplicate key 'm1.medium' (line 71)",
  'deb/MultiNode_DevStack.yaml': 'YAML not well-formed: Missing closing "quote (line 2, column 75)',
};

/**
 * Templates that parse but fail validation, each using resource types this product does not
 * support (OS::Neutron::*, AWS::AutoScaling::*, OS::Heat::HARestarter, AWS::CloudWatch::Alarm):
 * Heat-style snake_case logical ids (CloudFormation requires alphanumeric ones), a Ref to a
 * resource the template lacks, and the dependency cycles that put Heat's own copies under invalid/.
 */
const FAILS_VALIDATION: Record<string, string> = {
  'F17/Neutron.template': 'Resources.unnamed_network: logical ID must be alphanumeric (A-Za-z0-9)',
  'F17/Neutron.yaml': 'Resources.unnamed_network: logical ID must be alphanumeric (A-Za-z0-9)',
  'F17/Neutron_floating.template': 'Parameters.external_network: logical ID must be alphanumeric (A-Za-z0-9)',
  'F17/WordPress_Single_Instance_With_Neutron.template': "Outputs.InstanceIPAddress.Value.Ref: Ref to 'IPAddress', which is not a parameter, resource or pseudo-parameter",
  'F17/invalid/AutoScalingMultiAZSample.template': 'Resources: Circular dependency between resources: WebServerGroup -> LaunchConfig -> MEMAlarmHigh -> WebServerScaleUpPolicy -> WebServerGroup',
  'F17/invalid/AutoScalingMultiAZSample.yaml': 'Resources: Circular dependency between resources: WebServerGroup -> LaunchConfig -> MEMAlarmHigh -> WebServerScaleUpPolicy -> WebServerGroup',
  'F17/invalid/WordPress_Single_Instance_With_HA.template': 'Resources: Circular dependency between resources: WebServerRestartPolicy -> WikiDatabase -> HttpFailureAlarm -> WebServerRestartPolicy',
  'F17/invalid/WordPress_Single_Instance_With_HA_AccessPolicy.template': 'Resources: Circular dependency between resources: WebServerRestartPolicy -> WikiDatabase -> HttpFailureAlarm -> WebServerRestartPolicy',
  'F17/invalid/WordPress_Single_Instance_With_IHA.template': 'Resources: Circular dependency between resources: WikiDatabase -> HeartbeatFailureAlarm -> WaitCondition -> WikiDatabase',
  'aws_asg.template': 'Outputs.scale_up_url: logical ID must be alphanumeric (A-Za-z0-9)',
};

function firstProblem(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (!(error instanceof TemplateValidationError)) throw error;
    const first = error.problems[0];
    return first.path ? `${first.path}: ${first.message}` : first.message;
  }
}

function unsupportedTypes(parsed: Record<string, unknown>): string[] {
  const resources = isTemplateObject(parsed.Resources as never) ? Object.values(parsed.Resources as Record<string, { Type?: unknown }>) : [];
  return [...new Set(resources.map((resource) => String(resource.Type)))].filter((type) => !SUPPORTED_RESOURCE_TYPES.has(type)).sort();
}

function templateFiles(directory: string): string[] {
  return readdirSync(directory).sort().flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return templateFiles(path);
    return name === 'README' ? [] : [path];
  });
}

/** Every type the template uses, registered as open: this test is about parsing and evaluation. */
function permissiveRegistry(parsed: Record<string, unknown>): TypeRegistry {
  const registry = new TypeRegistry();
  const resources = isTemplateObject(parsed.Resources as never) ? Object.values(parsed.Resources as Record<string, { Type?: unknown }>) : [];
  for (const type of new Set(resources.map((resource) => String(resource.Type)))) registry.register({ typeName: type, properties: {}, attributes: {}, open: true });
  return registry;
}

/** A value for each parameter without a default that satisfies its simple constraints. */
function sampleValues(template: Template): Record<string, string> {
  const values: Record<string, string> = {};
  const sample = (definition: ParameterDefinition) =>
    definition.allowedValues?.[0] ?? (definition.type === 'Number' ? String(definition.minValue ?? 1) : 'a'.repeat(Math.max(definition.minLength ?? 1, 1)));
  for (const [name, definition] of Object.entries(template.parameters)) if (definition.default === undefined) values[name] = sample(definition);
  return values;
}

const KNOWS_EVERYTHING: ReferenceResolver = { ref: (id) => `${id}-physical-id`, getAtt: (id, attribute) => `${id}.${attribute}` };

function evaluateAll(body: string): number {
  const parsed = parseTemplate(body);
  const template = validateTemplate(parsed, permissiveRegistry(parsed));
  const context = createEvaluationContext({ template, parameterValues: resolveParameters(template, sampleValues(template)), pseudo: PSEUDO });
  const active = activeResources(context);
  buildDependencyGraph(template, active).topologicalOrder();
  for (const id of active) {
    for (const result of [evaluateResourceProperties(context, id, KNOWS_EVERYTHING), evaluateResourceSection(context, id, 'Metadata', KNOWS_EVERYTHING)]) {
      expect(result.status).toBe('ready');
    }
  }
  expect(evaluateOutputs(context, KNOWS_EVERYTHING).status).toBe('ready');
  return active.length;
}

describe('the Heat CFN corpus', () => {
  const files = templateFiles(CORPUS);
  const unsupported = new Map<string, string[]>();

  it('has the 41 templates it is known to have', () => {
    expect(files).toHaveLength(41);
  });

  it.each(files.map((file) => [relative(CORPUS, file), file]))('%s parses and evaluates, or fails as explained', (name, file) => {
    const body = readFileSync(file, 'utf8');
    if (MALFORMED[name] !== undefined) {
      expect(firstProblem(() => parseTemplate(body))).toBe(MALFORMED[name]);
      return;
    }
    const parsed = parseTemplate(body);
    const types = unsupportedTypes(parsed);
    if (types.length > 0) unsupported.set(name, types);
    const failure = firstProblem(() => evaluateAll(body));
    expect(failure).toBe(FAILS_VALIDATION[name]);
    if (failure !== undefined) expect(types.length).toBeGreaterThan(0);
  });

  afterAll(() => {
    const lines = [...unsupported].map(([name, types]) => `  ${name}: ${types.join(', ')}`);
    const malformed = Object.entries(MALFORMED).map(([name, reason]) => `  ${name}: ${reason}`);
    const failing = Object.entries(FAILS_VALIDATION).map(([name, reason]) => `  ${name}: ${reason}`);
    console.log([
      'Heat corpus: templates using resource types this product does not support:', ...lines,
      'fail validation (all use unsupported types; see FAILS_VALIDATION):', ...failing,
      'not well-formed as written:', ...malformed,
    ].join('\n'));
  });
});
