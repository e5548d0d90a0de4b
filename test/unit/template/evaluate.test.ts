import { activeResources, evaluateOutputs, evaluateResourceProperties, evaluateResourceSection, evaluateValue } from '../../../src/template';
import type { TemplateValue } from '../../../src/template';
import { problemsOf } from './support/problems';
import { contextFor, resolverOf } from './support/evaluation';

const PARAMETERS = `Parameters:
  Name: {Type: String, Default: web}
  Count: {Type: Number, Default: '3'}
  Ports: {Type: List<Number>, Default: '80,443'}
  Names: {Type: CommaDelimitedList, Default: 'a, b,c'}
  Env: {Type: String, Default: prod, AllowedValues: [prod, dev]}
Mappings:
  Sizes: {prod: {Offering: large, Disks: [d1, d2]}, dev: {Offering: small, Disks: []}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Three: !Equals [!Ref Count, 3]
  Both: !And [!Condition IsProd, !Condition Three]
  Either: !Or [!Condition IsDev, !Equals [a, b]]
`;
const RESOURCES = `Resources:
  Vm:
    Type: CloudStack::VirtualMachine
    Properties: {Zone: z, Template: t, ServiceOffering: s}
  DevOnly:
    Type: CloudStack::VirtualMachine
    Condition: IsDev
    Properties: {Zone: z, Template: t, ServiceOffering: s}
`;
const context = contextFor(PARAMETERS + RESOURCES);
const known = resolverOf({ Vm: 'vm-uuid' }, { 'Vm.PrivateIp': '10.0.0.5', 'Vm.PublicIp': '203.0.113.9' });
const evaluate = (value: TemplateValue, resolver = known) => evaluateValue(context, value, 'X', resolver);
const valueOf = (value: TemplateValue) => {
  const result = evaluate(value);
  if (result.status !== 'ready') throw new Error(`waiting for ${JSON.stringify(result.missing)}`);
  return result.value;
};

describe('conditions', () => {
  it('evaluates every condition form', () => {
    expect(context.conditions).toEqual({ IsProd: true, IsDev: false, Three: true, Both: true, Either: false });
  });

  it('decides which resources exist', () => {
    expect(activeResources(context)).toEqual(['Vm']);
    expect(activeResources(contextFor(PARAMETERS + RESOURCES, { Env: 'dev' }))).toEqual(['Vm', 'DevOnly']);
  });
});

describe('intrinsic functions', () => {
  it.each<[string, TemplateValue, TemplateValue]>([
    ['Ref to a String parameter', { Ref: 'Name' }, 'web'],
    ['Ref to a Number parameter (a string, as in CloudFormation)', { Ref: 'Count' }, '3'],
    ['Ref to a List<Number> parameter', { Ref: 'Ports' }, ['80', '443']],
    ['Ref to a CommaDelimitedList parameter (items trimmed)', { Ref: 'Names' }, ['a', 'b', 'c']],
    ['Ref to a resource', { Ref: 'Vm' }, 'vm-uuid'],
    ['Fn::GetAtt', { 'Fn::GetAtt': ['Vm', 'PrivateIp'] }, '10.0.0.5'],
    ['Fn::GetAtt with a computed attribute name', { 'Fn::GetAtt': ['Vm', { 'Fn::Join': ['', ['Public', 'Ip']] }] }, '203.0.113.9'],
    ['Fn::Sub string form', { 'Fn::Sub': '${AWS::StackName}-${Name}: ${Vm.PrivateIp} ${!Literal}' }, 'web-web: 10.0.0.5 ${Literal}'],
    ['Fn::Sub with variables', { 'Fn::Sub': ['${Host}:${Port}', { Host: { Ref: 'Vm' }, Port: 8080 }] }, 'vm-uuid:8080'],
    ['Fn::Join', { 'Fn::Join': [',', ['a', 1, true, { Ref: 'Name' }]] }, 'a,1,true,web'],
    ['Fn::Join over a list parameter', { 'Fn::Join': [':', { Ref: 'Ports' }] }, '80:443'],
    ['Fn::Select with a string index', { 'Fn::Select': ['1', ['x', 'y', 'z']] }, 'y'],
    ['Fn::Split', { 'Fn::Split': ['|', 'a|b||c'] }, ['a', 'b', '', 'c']],
    ['Fn::FindInMap', { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Offering'] }, 'large'],
    ['Fn::FindInMap returning a list', { 'Fn::FindInMap': ['Sizes', 'prod', 'Disks'] }, ['d1', 'd2']],
    ['Fn::GetAZs with an empty region', { 'Fn::GetAZs': '' }, ['zone-a', 'zone-b']],
    ['Fn::GetAZs with the stack region', { 'Fn::GetAZs': { Ref: 'AWS::Region' } }, ['zone-a', 'zone-b']],
    ['Fn::If true branch', { 'Fn::If': ['IsProd', 'big', 'small'] }, 'big'],
    ['Fn::If false branch', { 'Fn::If': ['IsDev', 'big', 'small'] }, 'small'],
    ['Fn::Equals on number and string', { 'Fn::Equals': [{ Ref: 'Count' }, 3] }, true],
    ['Fn::And', { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': ['a', 'a'] }] }, true],
    ['Fn::Or', { 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': ['a', 'b'] }] }, false],
    ['Fn::Not', { 'Fn::Not': [{ Condition: 'IsDev' }] }, true],
    ['Fn::Base64', { 'Fn::Base64': 'héllo' }, 'aMOpbGxv'],
    ['Fn::Cidr (IPv4)', { 'Fn::Cidr': ['10.0.0.0/16', 3, 8] }, ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']],
    ['Fn::Cidr (IPv6)', { 'Fn::Cidr': ['2001:db8::/56', 2, 64] }, ['2001:db8::/64', '2001:db8:0:1::/64']],
    ['Fn::Length', { 'Fn::Length': [1, { Ref: 'AWS::NoValue' }, 3] }, 2],
    ['Fn::ToJsonString', { 'Fn::ToJsonString': { a: [1, { Ref: 'Name' }] } }, '{"a":[1,"web"]}'],
    ['Fn::Replace (Heat)', { 'Fn::Replace': [{ NAME: { Ref: 'Name' }, NAME_2: 'x' }, 'NAME_2 NAME'] }, 'x web'],
    ['AWS::AccountId', { Ref: 'AWS::AccountId' }, 'acc-1'],
    ['AWS::StackId', { Ref: 'AWS::StackId' }, 'c0ffee00-0000-4000-8000-000000000001'],
    ['AWS::Partition', { Ref: 'AWS::Partition' }, 'cloudstack'],
    ['AWS::URLSuffix', { Ref: 'AWS::URLSuffix' }, 'cloudstack.local'],
    ['AWS::NotificationARNs', { Ref: 'AWS::NotificationARNs' }, []],
    ['AWS::NoValue in objects and lists', { a: { Ref: 'AWS::NoValue' }, b: [1, { 'Fn::If': ['IsDev', 2, { Ref: 'AWS::NoValue' }] }] }, { b: [1] }],
  ])('%s', (_name, value, expected) => {
    expect(valueOf(value)).toEqual(expected);
  });

  it.each<[string, TemplateValue, string]>([
    ['Fn::Select out of range', { 'Fn::Select': [3, ['a']] }, 'index 3 is out of range for a list of 1'],
    ['Fn::GetAZs for another region', { 'Fn::GetAZs': 'us-east-1' }, "zones are known only for this region ('eu-1'), not 'us-east-1'"],
    ['Fn::FindInMap with a missing key', { 'Fn::FindInMap': ['Sizes', 'test', 'Offering'] }, "mapping 'Sizes' has no key 'test'"],
    ['Fn::Join of objects', { 'Fn::Join': ['', [{ a: 1 }]] }, 'each Fn::Join value must be a string, got an object'],
    ['Fn::Cidr with too many subnets', { 'Fn::Cidr': ['10.0.0.0/24', 3, 7] }, 'a /24 block holds fewer than 3 subnets of /25'],
    ['Fn::Cidr with a bad block', { 'Fn::Cidr': ['10.0.0/8', 1, 8] }, "'10.0.0/8' is not a CIDR block"],
    ['Fn::ImportValue without such export', { 'Fn::ImportValue': 'Net' }, 'No export named Net found.'],
    ['a Ref to a resource whose condition is false', { Ref: 'DevOnly' }, "resource 'DevOnly' is not created (its condition 'IsDev' is false) but is referenced here"],
    ['Fn::Sub of a list', { 'Fn::Sub': '${Ports}' }, 'Fn::Sub variable ${Ports} must be a string, got a list'],
  ])('reports %s', (_name, value, message) => {
    expect(problemsOf(() => evaluate(value))).toEqual([{ path: expect.stringMatching(/^X/), message }]);
  });

  it('resolves Fn::ImportValue through the context', () => {
    const withExports = contextFor(PARAMETERS + RESOURCES, {}, (name) => (name === 'Net' ? 'net-uuid' : undefined));
    expect(evaluateValue(withExports, { 'Fn::ImportValue': 'Net' }, 'X', known)).toEqual({ status: 'ready', value: 'net-uuid' });
  });

  it('evaluates only the chosen Fn::If branch', () => {
    expect(valueOf({ 'Fn::If': ['IsProd', 'ok', { Ref: 'DevOnly' }] })).toBe('ok');
  });
});

describe('lazy evaluation of resources and outputs', () => {
  const body = `${PARAMETERS}Resources:
  Db:
    Type: CloudStack::VirtualMachine
    Properties: {Zone: z, Template: t, ServiceOffering: s}
  Web:
    Type: CloudStack::VirtualMachine
    Metadata: {db: !Ref Db}
    Properties:
      Zone: !Select [0, !GetAZs '']
      Template: t
      ServiceOffering: !FindInMap [Sizes, !Ref Env, Offering]
      UserData: !Sub 'DB=\${Db.PrivateIp} ID=\${Db}'
      StartVm: !If [IsDev, false, !Ref AWS::NoValue]
Outputs:
  Url: {Value: !Sub 'http://\${Web.PublicIp}/', Description: !Join [' ', [Site, !Ref Name]]}
  DevNote: {Value: dev, Condition: IsDev}
`;
  const stack = contextFor(body);

  it('reports every missing reference instead of guessing', () => {
    expect(evaluateResourceProperties(stack, 'Web', resolverOf({}))).toEqual({
      status: 'waiting',
      missing: [{ logicalId: 'Db', attribute: 'PrivateIp' }, { logicalId: 'Db' }],
    });
  });

  it('evaluates the properties once the references are known', () => {
    const resolver = resolverOf({ Db: 'db-uuid' }, { 'Db.PrivateIp': '10.1.1.1' });
    expect(evaluateResourceProperties(stack, 'Web', resolver)).toEqual({
      status: 'ready',
      value: { Zone: 'zone-a', Template: 't', ServiceOffering: 'large', UserData: 'DB=10.1.1.1 ID=db-uuid' },
    });
    expect(evaluateResourceSection(stack, 'Web', 'Metadata', resolver)).toEqual({ status: 'ready', value: { db: 'db-uuid' } });
  });

  it('evaluates the outputs whose condition holds', () => {
    expect(evaluateOutputs(stack, resolverOf({}))).toEqual({ status: 'waiting', missing: [{ logicalId: 'Web', attribute: 'PublicIp' }] });
    expect(evaluateOutputs(stack, resolverOf({}, { 'Web.PublicIp': '203.0.113.7' }))).toEqual({
      status: 'ready',
      value: [{ name: 'Url', value: 'http://203.0.113.7/', description: 'Site web' }],
    });
  });

  it('rejects an unknown logical id', () => {
    expect(problemsOf(() => evaluateResourceProperties(stack, 'Nope', resolverOf({})))).toEqual([{ path: 'Resources', message: "'Nope' is not a resource in this template" }]);
  });
});
