import { TypeRegistry, loadTemplate } from '../../../src/template';
import { parseSubString } from '../../../src/template/intrinsic';
import { problemsOf } from './support/problems';
import { TEST_SCHEMAS, testRegistry } from './support/test-registry';

const HANDLE = 'H: {Type: AWS::CloudFormation::WaitConditionHandle}';
const problems = (body: string) => problemsOf(() => loadTemplate(body, testRegistry()));
const many = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => `  ${line(i)}`).join('\n');

describe('section limits', () => {
  it('allows at most 200 parameters, outputs and mappings', () => {
    const body = `Parameters:\n${many(201, (i) => `P${i}: {Type: String, Default: x}`)}\nMappings:\n${many(201, (i) => `M${i}: {k: {v: x}}`)}\nResources:\n  ${HANDLE}\nOutputs:\n${many(201, (i) => `O${i}: {Value: x}`)}`;
    expect(problems(body)).toEqual([
      { path: 'Parameters', message: 'at most 200 parameters are allowed, found 201' },
      { path: 'Mappings', message: 'at most 200 mappings are allowed, found 201' },
      { path: 'Outputs', message: 'at most 200 outputs are allowed, found 201' },
    ]);
  });
});

describe('section shapes', () => {
  it('checks mappings, conditions and outputs', () => {
    const body = [
      'Mappings:\n  Empty: {}\n  Flat: {k: v}\n  Deep: {k: {v: {x: 1}}}',
      'Conditions:\n  NotAFunction: yes\n  BadNesting: !And [!Equals [a, a], !Join ["", [a]]]',
      `Resources:\n  ${HANDLE}`,
      'Outputs:\n  NoValue: {Description: d}\n  BadExport: {Value: x, Export: x}\n  Extra: {Value: x, Colour: red}',
    ].join('\n');
    expect(problems(body)).toEqual([
      { path: 'Mappings.Empty', message: 'expected an object of keys to {Name: Value} objects, got an empty object' },
      { path: 'Mappings.Flat.k', message: 'expected an object of {Name: Value}, got a string' },
      { path: 'Mappings.Deep.k.v', message: 'mapping values must be strings or lists of strings, got an object' },
      { path: 'Conditions.NotAFunction', message: 'expected a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition)' },
      { path: 'Conditions.BadNesting.Fn::And[1]', message: 'expected a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition)' },
      { path: 'Outputs.NoValue.Value', message: 'every output needs a Value' },
      { path: 'Outputs.BadExport.Export', message: 'expected an object with a Name, got a string' },
      { path: 'Outputs.Extra.Colour', message: 'unknown output attribute; expected one of Value, Description, Condition, Export' },
    ]);
  });

  it('rejects a parameter and a resource with the same name, and Fn:: keys beside other keys', () => {
    const body = `Parameters:\n  H: {Type: String, Default: x}\nResources:\n  ${HANDLE}\n  S:\n    Type: CloudStack::SecurityGroup\n    Properties: {Name: {Fn::Join: ["", [a]], extra: 1}}`;
    expect(problems(body)).toEqual([
      { path: 'Resources.S.Properties.Name', message: 'expected a string, got an object' },
      { path: 'Resources.H', message: "'H' is both a parameter and a resource" },
      { path: 'Resources.S.Properties.Name.Fn::Join', message: 'Fn::Join must be the only key of its object' },
    ]);
  });

  it('accepts HeatTemplateFormatVersion', () => {
    expect(loadTemplate(`HeatTemplateFormatVersion: '2012-12-12'\nResources:\n  ${HANDLE}`, testRegistry()).resources.H.type).toBe('AWS::CloudFormation::WaitConditionHandle');
  });
});

describe('Fn::Sub strings', () => {
  it('splits literals, variables, escaped ${!x} and an unclosed ${', () => {
    expect(parseSubString('a${X}b${ Y.Z }${!Lit}c${open')).toEqual([
      { literal: 'a' }, { variable: 'X' }, { literal: 'b' }, { variable: 'Y.Z' }, { literal: '${Lit}c${open' },
    ]);
  });
});

describe('TypeRegistry', () => {
  it('registers, gets and lists schemas sorted by name, refusing duplicates', () => {
    const registry = new TypeRegistry(TEST_SCHEMAS);
    expect(registry.list().map((schema) => schema.typeName)).toEqual([
      'AWS::CloudFormation::WaitCondition', 'AWS::CloudFormation::WaitConditionHandle', 'AWS::EC2::Instance',
      'CloudStack::SecurityGroup', 'CloudStack::VirtualMachine', 'CloudStack::VirtualMachineGroup',
    ]);
    expect(registry.get('CloudStack::VirtualMachine')?.properties.Zone.cloudstackParameter).toBe('zoneid');
    expect(registry.get('Nope')).toBeUndefined();
    expect(() => registry.register(TEST_SCHEMAS[0])).toThrow('Resource type CloudStack::VirtualMachine is already registered');
  });
});
