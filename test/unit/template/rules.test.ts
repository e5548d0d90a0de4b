import { loadTemplate, resolveParameters } from '../../../src/template';
import { problemsOf } from './support/problems';
import { testRegistry } from './support/test-registry';

const RESOURCES = `Resources:
  H: {Type: AWS::CloudFormation::WaitConditionHandle}
`;

/** The example of CloudFormation's Rules documentation, in our words: a test environment takes small offerings only. */
const template = loadTemplate(`Parameters:
  Environment: {Type: String, Default: test}
  Offering: {Type: String, Default: Small Instance}
  Zones: {Type: CommaDelimitedList, Default: 'z1,z2'}
  Tls: {Type: String, Default: 'false'}
  Certificate: {Type: String, Default: ''}
Rules:
  TestOffering:
    RuleCondition: !Equals [!Ref Environment, test]
    Assertions:
      - Assert:
          Fn::Contains: [[Small Instance, Tiny Instance], !Ref Offering]
        AssertDescription: A test environment takes the Small or Tiny offering only
  KnownZones:
    Assertions:
      - Assert:
          Fn::EachMemberIn: [!Ref Zones, [z1, z2, z3]]
        AssertDescription: Zones are z1, z2 or z3
      - Assert:
          Fn::Not: [{Fn::EachMemberEquals: [!Ref Zones, z3]}]
  TlsNeedsCertificate:
    RuleCondition: !Equals [!Ref Tls, true]
    Assertions:
      - Assert: !Not [!Equals [!Ref Certificate, '']]
        AssertDescription: Tls needs a Certificate
${RESOURCES}`, testRegistry());

describe('Rules', () => {
  it('lets parameter values through when every assertion whose condition holds holds', () => {
    expect(resolveParameters(template, {})).toMatchObject({ Environment: 'test', Zones: ['z1', 'z2'] });
    expect(resolveParameters(template, { Environment: 'prod', Offering: 'Large Instance' })).toMatchObject({ Offering: 'Large Instance' });
    expect(resolveParameters(template, { Tls: 'true', Certificate: 'cert' })).toMatchObject({ Tls: 'true' });
  });

  it('refuses values that fail an assertion, with its AssertDescription, and skips rules whose condition does not hold', () => {
    expect(problemsOf(() => resolveParameters(template, { Offering: 'Large Instance', Zones: 'z1,z4' }))).toEqual([
      { path: 'Rules.TestOffering.Assertions[0]', message: 'A test environment takes the Small or Tiny offering only' },
      { path: 'Rules.KnownZones.Assertions[0]', message: 'Zones are z1, z2 or z3' },
    ]);
    // A literal `true` in YAML is compared as the parameter's string 'true'.
    expect(() => resolveParameters(template, { Tls: 'true' })).toThrow('Template format error: Rules.TlsNeedsCertificate.Assertions[0]: Tls needs a Certificate');
  });

  it('names the rule when an assertion without a description fails', () => {
    expect(problemsOf(() => resolveParameters(template, { Zones: 'z3,z3' }))).toEqual([
      { path: 'Rules.KnownZones.Assertions[1]', message: 'the assertion of rule KnownZones does not hold for the parameter values given' },
    ]);
  });

  it('reads the YAML short forms of the rule functions, and refuses those that read AWS resources', () => {
    const short = loadTemplate(`Parameters:
  Zones: {Type: CommaDelimitedList}
Rules:
  R:
    Assertions:
      - Assert: !EachMemberIn [!Ref Zones, [z1, z2]]
      - Assert: !Not [!EachMemberEquals [!Ref Zones, z2]]
      - Assert: !Contains [!Ref Zones, z1]
${RESOURCES}`, testRegistry());
    expect(resolveParameters(short, { Zones: 'z1,z2' })).toEqual({ Zones: ['z1', 'z2'] });
    expect(problemsOf(() => resolveParameters(short, { Zones: 'z2' })).map((p) => p.path)).toEqual(['Rules.R.Assertions[1]', 'Rules.R.Assertions[2]']);
    const aws = `Rules:
  R:
    Assertions:
      - Assert: !EachMemberIn [!ValueOfAll [AWS::EC2::Subnet::Id, VpcId], !RefAll AWS::EC2::VPC::Id]
${RESOURCES}`;
    const unsupported = (name: string) => `${name} is not supported by this service: it reads the AWS resources of AWS-specific parameter types, which CloudStack has no counterpart for`;
    expect(problemsOf(() => loadTemplate(aws, testRegistry()))).toEqual([
      { path: 'Rules.R.Assertions[0].Assert.Fn::EachMemberIn[0].Fn::ValueOfAll', message: unsupported('Fn::ValueOfAll') },
      { path: 'Rules.R.Assertions[0].Assert.Fn::EachMemberIn[1].Fn::RefAll', message: unsupported('Fn::RefAll') },
    ]);
  });

  it('checks Fn::And and Fn::Or', () => {
    const both = loadTemplate(`Parameters:
  A: {Type: String}
  B: {Type: String}
Rules:
  R:
    Assertions:
      - Assert: {Fn::Or: [{Fn::And: [!Equals [!Ref A, x], !Equals [!Ref B, y]]}, !Equals [!Ref A, !Ref B]]}
${RESOURCES}`, testRegistry());
    expect(resolveParameters(both, { A: 'x', B: 'y' })).toEqual({ A: 'x', B: 'y' });
    expect(resolveParameters(both, { A: 'q', B: 'q' })).toEqual({ A: 'q', B: 'q' });
    expect(problemsOf(() => resolveParameters(both, { A: 'x', B: 'q' }))).toHaveLength(1);
  });

  it('refuses a malformed Rules section when the template is loaded, naming each place', () => {
    const body = `Parameters:
  P: {Type: String}
  L: {Type: CommaDelimitedList}
Rules:
  NoAssertions: {RuleCondition: !Equals [a, a]}
  Bad:
    Extra: 1
    Assertions:
      - Assert: {Fn::Contains: [!Ref P, !Ref L]}
      - Assert: {Fn::Equals: [!Ref Unknown, a]}
      - Assert: {Fn::Join: ['', [a]]}
      - Assert: {Fn::RefAll: AWS::EC2::VPC::Id}
      - Assert: {Fn::And: [!Equals [a, a]]}
        AssertDescription: [not, text]
      - NoAssert: 1
${RESOURCES}`;
    expect(problemsOf(() => loadTemplate(body, testRegistry()))).toEqual([
      { path: 'Rules.NoAssertions.Assertions', message: 'expected a list of at least one assertion' },
      { path: 'Rules.Bad.Extra', message: 'unknown rule attribute; expected RuleCondition or Assertions' },
      { path: 'Rules.Bad.Assertions[0].Assert.Fn::Contains[0]', message: 'expected a list; parameter P is a String' },
      { path: 'Rules.Bad.Assertions[0].Assert.Fn::Contains[1]', message: 'expected a string; parameter L is a CommaDelimitedList' },
      { path: 'Rules.Bad.Assertions[1].Assert.Fn::Equals[0]', message: 'expected a string, a list of strings or a Ref to a parameter (rules see parameters only)' },
      { path: 'Rules.Bad.Assertions[2].Assert', message: 'expected a rule function (Fn::And, Fn::Or, Fn::Not, Fn::Equals, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn)' },
      { path: 'Rules.Bad.Assertions[3].Assert.Fn::RefAll', message: 'Fn::RefAll is not supported by this service: it reads the AWS resources of AWS-specific parameter types, which CloudStack has no counterpart for' },
      { path: 'Rules.Bad.Assertions[4].AssertDescription', message: 'expected a string, got a list' },
      { path: 'Rules.Bad.Assertions[4].Assert.Fn::And', message: 'expected a list of 2 to 10 conditions' },
      { path: 'Rules.Bad.Assertions[5]', message: 'expected an object with Assert (and optionally AssertDescription)' },
    ]);
  });
});
