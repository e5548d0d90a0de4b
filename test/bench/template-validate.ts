/**
 * Validation speed for a 500-resource template (the CloudFormation maximum).
 * Run: npx ts-node --transpile-only test/bench/template-validate.ts
 */
import { performance } from 'node:perf_hooks';
import { TEMPLATE_LIMITS, describeTemplate, validateTemplate } from '../../src/template';
import { stringify } from 'yaml';
import { parseJsonTemplate } from '../../src/template/parse/parse-json';
import type { TemplateObject } from '../../src/template';
import { testRegistry } from '../unit/template/support/test-registry';

const RESOURCES = TEMPLATE_LIMITS.maxResources;
const RUNS = 200;

/** A cluster-shaped template: parameters, a mapping, conditions, and each VM wired to earlier ones. */
function generateTemplate(): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < RESOURCES; i++) {
    const previous = i > 0 ? `Vm${i - 1}` : undefined;
    resources[`Vm${i}`] = {
      Type: 'CloudStack::VirtualMachine',
      Condition: i % 50 === 0 ? 'IsProd' : undefined,
      DependsOn: i % 10 === 0 && i > 10 ? [`Vm${i - 10}`] : undefined,
      Properties: {
        Zone: { Ref: 'Zone' },
        Template: { 'Fn::FindInMap': ['Images', { Ref: 'AWS::Region' }, 'Template'] },
        ServiceOffering: { 'Fn::If': ['IsProd', 'large', { Ref: 'Offering' }] },
        UserData: { 'Fn::Base64': { 'Fn::Sub': previous ? `peer=\${${previous}.PrivateIp} n=${i}` : 'first' } },
        SecurityGroups: [{ Ref: 'Names' }],
      },
    };
  }
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'benchmark',
    Parameters: {
      Zone: { Type: 'CloudStack::Zone::Id', Default: 'zone-1' },
      Offering: { Type: 'String', Default: 'small', AllowedValues: ['small', 'large'] },
      Names: { Type: 'String', Default: 'sg', AllowedPattern: '[a-z]+' },
      Env: { Type: 'String', Default: 'dev' },
    },
    Mappings: { Images: { 'eu-1': { Template: 'ubuntu' } } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Resources: resources,
    Outputs: { First: { Value: { 'Fn::GetAtt': ['Vm0', 'PrivateIp'] } } },
  });
}

function measure(label: string, work: () => unknown): void {
  for (let i = 0; i < 10; i++) work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  const p95 = samples[Math.floor(samples.length * 0.95)];
  console.log(`${label}: mean ${mean.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${RUNS} runs`);
}

/** 500 small resources chained in pairs: fits the body limit, so it goes through describeTemplate. */
function generateCompactTemplate(): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < RESOURCES; i++) {
    resources[`H${i}`] = i % 2 === 0 ? { Type: 'AWS::CloudFormation::WaitConditionHandle' } : { Type: 'AWS::CloudFormation::WaitCondition', Properties: { Handle: { Ref: `H${i - 1}` }, Timeout: 60 } };
  }
  return JSON.stringify({ Resources: resources });
}

const registry = testRegistry();
const rich = generateTemplate();
console.log(`rich template: ${RESOURCES} resources, ${Buffer.byteLength(rich)} bytes (over the body limit: parsed and validated directly)`);
measure('parse + validate, rich 500 resources', () => validateTemplate(parseJsonTemplate(rich) as TemplateObject, registry));
const compact = generateCompactTemplate();
console.log(`compact template: ${RESOURCES} resources, ${Buffer.byteLength(compact)} bytes`);
measure('describeTemplate, compact 500 resources', () => describeTemplate(compact, registry));
const compactYaml = stringify(JSON.parse(compact));
console.log(`compact template as YAML: ${Buffer.byteLength(compactYaml)} bytes`);
measure('describeTemplate, compact 500 resources, YAML', () => describeTemplate(compactYaml, registry));
