import { loadTemplate, maskNoEchoValues, noEchoParameterNames, resolveParameters } from '../../../src/template';
import { problemsOf } from './support/problems';
import { testRegistry } from './support/test-registry';

const template = loadTemplate(`Parameters:
  Name: {Type: String, MinLength: 2, MaxLength: 4, AllowedPattern: '[a-z]+'}
  Size: {Type: Number, MinValue: 1, MaxValue: 9, Default: '2'}
  Ports: {Type: List<Number>, Default: '80'}
  Zones: {Type: CommaDelimitedList, AllowedValues: [z1, z2], Default: z1}
  Zone: {Type: CloudStack::Zone::Id, Default: zone-uuid}
  Offering: {Type: CloudStack::ServiceOffering::Id, AllowedValues: [small, large], ConstraintDescription: must be small or large, Default: small}
  Image: {Type: CloudStack::Template::Id, Default: tmpl}
  Key: {Type: AWS::EC2::KeyPair::KeyName, Default: mykey}
  Secret: {Type: String, NoEcho: true, Default: hunter2}
Resources:
  G: {Type: CloudStack::VirtualMachineGroup, Properties: {Count: 1, Zone: z}}
`, testRegistry());

describe('resolveParameters', () => {
  it('applies defaults and types list values', () => {
    expect(resolveParameters(template, { Name: 'abc', Ports: '80, 8080', Zones: 'z1,z2' })).toEqual({
      Name: 'abc', Size: '2', Ports: ['80', '8080'], Zones: ['z1', 'z2'], Zone: 'zone-uuid', Offering: 'small', Image: 'tmpl', Key: 'mykey', Secret: 'hunter2',
    });
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['MinLength', { Name: 'a' }, ["Parameter 'Name' must contain at least 2 characters"]],
    ['MaxLength and AllowedPattern', { Name: 'ABCDE' }, ["Parameter 'Name' must match pattern [a-z]+", "Parameter 'Name' must contain at most 4 characters"]],
    ['MinValue', { Name: 'ab', Size: '0' }, ["Parameter 'Size' must be a number not less than 1"]],
    ['MaxValue', { Name: 'ab', Size: '10' }, ["Parameter 'Size' must be a number not greater than 9"]],
    ['Number', { Name: 'ab', Size: 'two' }, ["Parameter 'Size' must be a number"]],
    ['List<Number> items', { Name: 'ab', Ports: '80,http' }, ["Parameter 'Ports' must be a number"]],
    ['AllowedValues on each list item', { Name: 'ab', Zones: 'z1,z3' }, ["Parameter 'Zones' must be one of AllowedValues"]],
    ['ConstraintDescription replaces the specific message', { Name: 'ab', Offering: 'huge' }, ["Parameter Offering failed to satisfy constraint: must be small or large"]],
  ])('checks %s', (_constraint, given, messages) => {
    const path = `Parameters.${Object.keys(given).find((name) => name !== 'Name') ?? 'Name'}`;
    expect(problemsOf(() => resolveParameters(template, given))).toEqual(messages.map((message) => ({ path, message })));
  });

  it('reports every bad parameter by name at once', () => {
    expect(problemsOf(() => resolveParameters(template, { Size: 'x', Colour: 'red', Shape: 'round' }))).toEqual([
      { path: 'Parameters', message: 'Parameters: [Colour, Shape] do not exist in the template' },
      { path: 'Parameters.Size', message: "Parameter 'Size' must be a number" },
      { path: 'Parameters', message: 'Parameters: [Name] must have values' },
    ]);
  });

  it('says each path once in the error text, as CloudFormation words it', () => {
    expect(() => resolveParameters(template, { Size: 'x', Colour: 'red' })).toThrow("Parameters: [Colour] do not exist in the template; Parameter 'Size' must be a number; Parameters: [Name] must have values");
  });

  it('rejects values over 4096 bytes before matching patterns', () => {
    expect(problemsOf(() => resolveParameters(template, { Name: 'a'.repeat(4097) }))).toEqual([
      { path: 'Parameters.Name', message: "Parameter 'Name' must not be longer than 4096 bytes" },
    ]);
  });
});

describe('AllowedPattern on RE2', () => {
  const patterned = loadTemplate(`Parameters:
  Name: {Type: String, AllowedPattern: '([a-z]|[a-z0-9])*'}
  Word: {Type: String, AllowedPattern: '\\p{L}+', Default: Grüße}
Resources:
  G: {Type: CloudStack::VirtualMachineGroup, Properties: {Count: 1, Zone: z}}
`, testRegistry());

  // Backtracking takes 2^n steps here: 28 letters blocked the process for 20 s, 40 would take days.
  // The timeout only guards against a hang; the assertion is about the answer.
  it('answers at once for a pattern that backtracks exponentially', () => {
    expect(problemsOf(() => resolveParameters(patterned, { Name: `${'a'.repeat(40)}!` }))).toEqual([
      { path: 'Parameters.Name', message: "Parameter 'Name' must match pattern ([a-z]|[a-z0-9])*" },
    ]);
    expect(resolveParameters(patterned, { Name: 'a1'.repeat(20) }).Name).toBe('a1'.repeat(20));
  }, 10_000);

  it('matches the whole value, with Java syntax RE2 shares', () => {
    expect(problemsOf(() => resolveParameters(patterned, { Name: 'ab', Word: 'Grüße1' }))).toEqual([
      { path: 'Parameters.Word', message: "Parameter 'Word' must match pattern \\p{L}+" },
    ]);
  });

  it('refuses at validation a pattern RE2 cannot run, naming the parameter', () => {
    expect(problemsOf(() => loadTemplate("Parameters:\n  Pw: {Type: String, AllowedPattern: '(?=.*[0-9]).{8,}'}\nResources:\n  G: {Type: CloudStack::VirtualMachineGroup, Properties: {Count: 1, Zone: z}}", testRegistry()))).toEqual([
      { path: 'Parameters.Pw.AllowedPattern', message: 'AllowedPattern is not a valid RE2 pattern (RE2 has no backreferences, lookaround or possessive quantifiers): error parsing regexp: invalid or unsupported Perl syntax: `(?=`' },
    ]);
  });
});

describe('NoEcho', () => {
  it('identifies and masks NoEcho parameters', () => {
    expect([...noEchoParameterNames(template)]).toEqual(['Secret']);
    expect(maskNoEchoValues(template, { Name: 'abc', Secret: 'hunter2' })).toEqual({ Name: 'abc', Secret: '****' });
  });
});
