import { ResourceRegistry } from '../../../src/resources/registry';
import { loadTemplate } from '../../../src/template/validate/validate-template';
import { problemsOf } from './support/problems';
import { testRegistry } from './support/test-registry';

const registry = testRegistry();
const load = (body: string) => loadTemplate(body, registry);
const problems = (body: string) => problemsOf(() => load(body));

const VM = 'Type: CloudStack::VirtualMachine\n    Properties: {Zone: z1, Template: t1, ServiceOffering: small}';

describe('validateTemplate: sections', () => {
  it('normalizes a valid template', () => {
    const template = load(`AWSTemplateFormatVersion: '2010-09-09'\nDescription: Web\nResources:\n  Web:\n    ${VM}\n    DependsOn: Db\n  Db:\n    ${VM}\n    DeletionPolicy: Retain`);
    expect(template.description).toBe('Web');
    expect(template.resources.Web).toEqual({
      type: 'CloudStack::VirtualMachine',
      properties: { Zone: 'z1', Template: 't1', ServiceOffering: 'small' },
      dependsOn: ['Db'],
      condition: undefined,
      deletionPolicy: 'Delete',
      updateReplacePolicy: 'Delete',
      creationPolicy: undefined,
      metadata: undefined,
    });
    expect(template.resources.Db.deletionPolicy).toBe('Retain');
  });

  it('reports every section problem at once', () => {
    expect(problems("AWSTemplateFormatVersion: '2011-01-01'\nTransform: AWS::Serverless\nFoo: 1\nDescription: [a]")).toEqual([
      { path: 'Transform', message: 'the Transform section is not supported by this service' },
      { path: 'Foo', message: 'unknown template section; expected one of AWSTemplateFormatVersion, HeatTemplateFormatVersion, Description, Metadata, Parameters, Rules, Mappings, Conditions, Resources, Outputs' },
      { path: 'AWSTemplateFormatVersion', message: "expected '2010-09-09', got \"2011-01-01\"" },
      { path: 'Description', message: 'expected a string, got a list' },
      { path: 'Resources', message: 'every template needs a Resources section with at least one resource' },
    ]);
  });
});

describe('validateTemplate: parameters', () => {
  it('normalizes constraints given as strings', () => {
    const template = load(`Parameters:\n  Size:\n    Type: Number\n    Default: 3\n    MinValue: '1'\n    MaxValue: 5\n    NoEcho: 'true'\n  Names:\n    Type: CommaDelimitedList\n    Default: [a, b]\nResources:\n  Web:\n    ${VM}`);
    expect(template.parameters).toEqual({
      Size: { type: 'Number', default: '3', minValue: 1, maxValue: 5, noEcho: true },
      Names: { type: 'CommaDelimitedList', default: 'a,b', noEcho: false },
    });
  });

  it('rejects bad definitions and defaults that break their own constraints', () => {
    const body = [
      'Parameters:',
      '  NoType: {Default: x}',
      '  Odd: {Type: Strange}',
      '  Bad-Name: {Type: String}',
      '  Pattern: {Type: String, AllowedPattern: "(a)\\\\1"}',
      '  Nested: {Type: String, AllowedPattern: "(a+)+b", Default: aab}',
      '  Broken: {Type: String, AllowedPattern: "[a-"}',
      '  Short: {Type: String, Default: ab, MinLength: 3}',
      '  Choice: {Type: String, Default: c, AllowedValues: [a, b], ConstraintDescription: must be a or b}',
      '  Count: {Type: Number, Default: ten, Extra: 1}',
      `Resources:\n  Web:\n    ${VM}`,
    ].join('\n');
    expect(problems(body)).toEqual([
      { path: 'Parameters.NoType.Type', message: 'every parameter needs a Type' },
      { path: 'Parameters.Odd.Type', message: "unsupported parameter type 'Strange'; expected String, Number, List<Number>, CommaDelimitedList or a CloudStack id type such as CloudStack::Zone::Id" },
      { path: 'Parameters.Bad-Name', message: 'logical ID must be alphanumeric (A-Za-z0-9)' },
      { path: 'Parameters.Pattern.AllowedPattern', message: 'AllowedPattern is not a valid RE2 pattern (RE2 has no backreferences, lookaround or possessive quantifiers): error parsing regexp: invalid escape sequence: `\\1`' },
      { path: 'Parameters.Broken.AllowedPattern', message: expect.stringMatching(/^AllowedPattern is not a valid RE2 pattern .*: error parsing regexp: missing closing \]/) },
      { path: 'Parameters.Short.Default', message: "Parameter 'Short' must contain at least 3 characters" },
      { path: 'Parameters.Choice.Default', message: 'Parameter Choice failed to satisfy constraint: must be a or b' },
      { path: 'Parameters.Count.Extra', message: 'unknown parameter attribute; expected one of Type, Description, Default, AllowedValues, AllowedPattern, MinLength, MaxLength, MinValue, MaxValue, ConstraintDescription, NoEcho' },
      { path: 'Parameters.Count.Default', message: "Parameter 'Count' must be a number" },
    ]);
  });
});

describe('validateTemplate: resources and properties', () => {
  it('checks types, required and unknown properties, and literal property types', () => {
    const body = [
      'Resources:',
      '  A: {Type: Nope::Thing}',
      '  B:',
      '    Type: CloudStack::VirtualMachine',
      '    Properties: {Zone: z, Template: t, StartVm: maybe, SecurityGroups: sg, Colour: red}',
      '  Masters:',
      '    Type: CloudStack::VirtualMachineGroup',
      '    Properties: {Count: two, Zone: !Ref AWS::Region}',
      '    DeletionPolicy: Keep',
      '    Foo: 1',
    ].join('\n');
    expect(problems(body)).toEqual([
      { path: 'Resources.A.Type', message: "unsupported resource type 'Nope::Thing'" },
      { path: 'Resources.B.Properties.StartVm', message: 'expected a boolean (true or false), got "maybe"' },
      { path: 'Resources.B.Properties.SecurityGroups', message: 'expected a list of String, got a string' },
      { path: 'Resources.B.Properties.Colour', message: "CloudStack::VirtualMachine has no property 'Colour'" },
      { path: 'Resources.B.Properties.ServiceOffering', message: 'required property of CloudStack::VirtualMachine is missing' },
      { path: 'Resources.Masters.Foo', message: 'unknown resource attribute; expected one of Type, Properties, DependsOn, Condition, DeletionPolicy, UpdateReplacePolicy, CreationPolicy, Metadata, UpdatePolicy' },
      { path: 'Resources.Masters.Properties.Count', message: 'expected an integer, got "two"' },
      { path: 'Resources.Masters.DeletionPolicy', message: 'expected one of Delete, Retain, Snapshot, got "Keep"' },
    ]);
  });

  it('accepts intrinsic functions wherever a typed value is expected', () => {
    const body = `Parameters:\n  N: {Type: Number, Default: 2}\nResources:\n  G:\n    Type: CloudStack::VirtualMachineGroup\n    Properties: {Count: !Ref N, Zone: !Select [0, !GetAZs '']}\n  S:\n    Type: CloudStack::SecurityGroup\n    Properties: {IngressRules: [!If [Never, {a: 1}, !Ref AWS::NoValue]]}\nConditions:\n  Never: !Equals [a, b]`;
    expect(Object.keys(load(body).resources)).toEqual(['G', 'S']);
  });

  it('refuses a literal outside the range a property declares, and accepts its bounds', () => {
    const groups = new ResourceRegistry().typeRegistry();
    const group = (properties: string) => `Resources:\n  G:\n    Type: CloudStack::VirtualMachineGroup\n    Properties: {Zone: z, Template: t, ServiceOffering: s, ${properties}}`;
    expect(problemsOf(() => loadTemplate(group("Count: 1001, MemberRetries: '-1'"), groups))).toEqual([
      { path: 'Resources.G.Properties.Count', message: 'expected an integer from 1 to 1000, got 1001' },
      { path: 'Resources.G.Properties.MemberRetries', message: 'expected an integer from 0 to 10, got "-1"' },
    ]);
    expect(Object.keys(loadTemplate(group('Count: 1000, MemberRetries: 0'), groups).resources)).toEqual(['G']);
    expect(Object.keys(loadTemplate(group('Count: 1, MemberRetries: 10'), groups).resources)).toEqual(['G']);
  });

  it('checks CreationPolicy.ResourceSignal', () => {
    const body = `Resources:\n  Web:\n    ${VM}\n    CreationPolicy: {ResourceSignal: {Count: 1, Timeout: 15m, Wait: 1}}`;
    expect(problems(body)).toEqual([
      { path: 'Resources.Web.CreationPolicy.ResourceSignal.Wait', message: 'expected Count or Timeout' },
      { path: 'Resources.Web.CreationPolicy.ResourceSignal.Timeout', message: 'expected an ISO 8601 duration such as PT15M, got "15m"' },
    ]);
  });
});

describe('validateTemplate: references', () => {
  it('reports undefined parameters, resources, attributes, conditions and mappings', () => {
    const body = [
      'Mappings:\n  M: {k: {v: x}}',
      'Conditions:\n  C1: !Equals [!Ref Web, x]\n  C2: !Not [!Condition Missing]',
      'Resources:',
      '  Web:',
      '    Type: CloudStack::VirtualMachine',
      '    Condition: Nope',
      '    DependsOn: [Ghost]',
      '    Properties:',
      '      Zone: !Ref Zone',
      '      Template: !GetAtt Db.PrivateIp',
      '      ServiceOffering: !Sub "${Web.Colour}-${Size}"',
      '      UserData: !FindInMap [M, k, w]',
      '      Tags: {a: !If [Other, 1, 2], b: !FindInMap [N, k, v], c: {Fn::Bogus: 1}}',
      'Outputs:\n  Ip: {Value: !GetAtt Web.PrivateIp, Condition: Gone}',
    ].join('\n');
    expect(problems(body)).toEqual([
      { path: 'Conditions.C1.Fn::Equals[0].Ref', message: "conditions cannot refer to resources, but this refers to 'Web'" },
      { path: 'Conditions.C2.Fn::Not[0].Condition', message: "condition 'Missing' is not defined in Conditions" },
      { path: 'Resources.Web.Properties.Zone.Ref', message: "Ref to 'Zone', which is not a parameter, resource or pseudo-parameter" },
      { path: 'Resources.Web.Properties.Template.Fn::GetAtt', message: "Fn::GetAtt refers to 'Db', which is not a resource in this template" },
      { path: 'Resources.Web.Properties.ServiceOffering.Fn::Sub', message: "resource Web (CloudStack::VirtualMachine) has no attribute 'Colour'; expected one of PrivateIp, PublicIp, Password" },
      { path: 'Resources.Web.Properties.ServiceOffering.Fn::Sub', message: "Ref to 'Size', which is not a parameter, resource or pseudo-parameter" },
      { path: 'Resources.Web.Properties.UserData.Fn::FindInMap', message: "mapping 'M' has no key 'k.w'" },
      { path: 'Resources.Web.Properties.Tags.a.Fn::If[0]', message: "condition 'Other' is not defined in Conditions" },
      { path: 'Resources.Web.Properties.Tags.b.Fn::FindInMap', message: "Fn::FindInMap refers to mapping 'N', which is not in Mappings" },
      { path: 'Resources.Web.Properties.Tags.c.Fn::Bogus', message: 'unsupported intrinsic function Fn::Bogus' },
      { path: 'Resources.Web.DependsOn[0]', message: "DependsOn 'Ghost', which is not a resource in this template" },
      { path: 'Resources.Web.Condition', message: "condition 'Nope' is not defined in Conditions" },
      { path: 'Outputs.Ip.Condition', message: "condition 'Gone' is not defined in Conditions" },
      { path: 'Resources', message: 'Circular dependency between resources: Web -> Web' },
    ]);
  });

  it('reports malformed intrinsic arguments with what was expected', () => {
    const body = `Resources:\n  S:\n    Type: CloudStack::SecurityGroup\n    Properties:\n      Name: {Fn::Join: [",", "a", "b"]}\n      IngressRules: !And [!Equals [a, b]]\n      Port: {Fn::Select: [0]}`;
    expect(problems(body)).toEqual([
      { path: 'Resources.S.Properties.Name.Fn::Join', message: 'expected [Delimiter, [Value, ...]], got a list of 3' },
      { path: 'Resources.S.Properties.IngressRules.Fn::And', message: 'expected a list of 2 to 10 conditions, got a list of 1' },
      { path: 'Resources.S.Properties.Port.Fn::Select', message: 'expected [Index, [Value, ...]], got a list of 1' },
    ]);
  });

  it('names resource and condition cycles', () => {
    const body = `Conditions:\n  A: !Condition B\n  B: !And [!Condition A, !Equals [1, 1]]\nResources:\n  X:\n    ${VM}\n    DependsOn: Z\n  Y:\n    Type: CloudStack::VirtualMachine\n    Properties: {Zone: !GetAtt X.PrivateIp, Template: t, ServiceOffering: s}\n  Z:\n    Type: CloudStack::VirtualMachine\n    Properties: {Zone: !Sub '\${Y}', Template: t, ServiceOffering: s}`;
    expect(problems(body)).toEqual([
      { path: 'Conditions', message: 'Circular dependency between conditions: A -> B -> A' },
      { path: 'Resources', message: 'Circular dependency between resources: X -> Z -> Y -> X' },
    ]);
  });

  it('enforces the resource, output and mapping limits', () => {
    const resources = Array.from({ length: 501 }, (_, i) => `  R${i}: {Type: CloudStack::VirtualMachineGroup, Properties: {Count: 1, Zone: z}}`);
    expect(problems(`Resources:\n${resources.join('\n')}`)).toEqual([{ path: 'Resources', message: 'at most 500 resources are allowed, found 501' }]);
  });
});
