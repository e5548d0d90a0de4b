import { TypeRegistry } from '../../../src/template';
import { loadTemplate } from '../../../src/template/validate/validate-template';
import { parseMinSuccessfulPercent } from '../../../src/engine/signal-policy';
import { problemsOf } from './support/problems';
import { testRegistry } from './support/test-registry';

// The test registry, its group accepting a minimum share of members as CloudStack::VirtualMachineGroup declares it.
const registry = new TypeRegistry(testRegistry().list().map((schema) => (schema.typeName === 'CloudStack::VirtualMachineGroup' ? { ...schema, minimumMembers: true } : schema)));
const load = (body: string) => loadTemplate(body, registry);
const problems = (body: string) => problemsOf(() => load(body));

/** A group with this CreationPolicy (YAML flow text) and user data. */
const group = (policy: string, userData = 'agent ${Index}') => `Parameters:\n  Min: {Type: Number, Default: 80}\nResources:\n  Agents:\n    Type: CloudStack::VirtualMachineGroup\n    Properties: {Count: 4, Zone: z1, UserData: '${userData}'}\n    CreationPolicy: ${policy}`;
const AT = 'Resources.Agents.CreationPolicy';

describe('CreationPolicy MinSuccessfulMembersPercent', () => {
  it('is accepted on a group, as a number, a Ref to a parameter, or where AWS puts it', () => {
    expect(load(group('{MinSuccessfulMembersPercent: 80}')).resources.Agents.creationPolicy).toEqual({ MinSuccessfulMembersPercent: 80 });
    expect(() => load(group('{MinSuccessfulMembersPercent: !Ref Min}'))).not.toThrow();
    expect(() => load(group('{AutoScalingCreationPolicy: {MinSuccessfulInstancesPercent: 90}, ResourceSignal: {Count: 3, Timeout: PT5M}}'))).not.toThrow();
  });

  it('refuses values outside 0..100, both spellings at once, and unknown keys, with their paths', () => {
    expect(problems(group('{MinSuccessfulMembersPercent: 120}'))).toEqual([{ path: `${AT}.MinSuccessfulMembersPercent`, message: 'expected a whole number from 0 to 100, got 120' }]);
    expect(problems(group('{MinSuccessfulMembersPercent: [80]}'))).toEqual([{ path: `${AT}.MinSuccessfulMembersPercent`, message: 'expected a whole number from 0 to 100, got a list' }]);
    expect(problems(group('{MinSuccessfulMembersPercent: 80, AutoScalingCreationPolicy: {MinSuccessfulInstancesPercent: 80}}'))).toEqual([
      { path: AT, message: 'give MinSuccessfulMembersPercent or AutoScalingCreationPolicy.MinSuccessfulInstancesPercent, not both' },
    ]);
    expect(problems(group('{AutoScalingCreationPolicy: {MinSuccessful: 80}}'))).toEqual([{ path: `${AT}.AutoScalingCreationPolicy.MinSuccessful`, message: 'expected MinSuccessfulInstancesPercent' }]);
  });

  it('refuses it on a type that is not a group', () => {
    const vm = 'Resources:\n  Web:\n    Type: CloudStack::VirtualMachine\n    Properties: {Zone: z1, Template: t, ServiceOffering: o}\n    CreationPolicy: {MinSuccessfulMembersPercent: 50}';
    expect(problems(vm)).toEqual([{ path: 'Resources.Web.CreationPolicy.MinSuccessfulMembersPercent', message: 'a minimum share of members applies to groups (CloudStack::VirtualMachineGroup), not to CloudStack::VirtualMachine' }]);
  });

  it('refuses less than 100 for members that list their peers (${PrivateIps} or ${Count}, also as ${!...} in a Sub), and accepts 100', () => {
    for (const userData of ['servers ${PrivateIps}', 'member ${Index} of ${Count}']) {
      const [problem] = problems(group('{MinSuccessfulMembersPercent: 99}', userData));
      expect(problem.path).toBe(`${AT}.MinSuccessfulMembersPercent`);
      expect(problem.message).toMatch(/^Agents's members render the group's own \$\{PrivateIps\} or \$\{Count\} .* so the group needs all its members \(100\), got 99$/);
    }
    const sub = "Resources:\n  Agents:\n    Type: CloudStack::VirtualMachineGroup\n    Properties: {Count: 3, Zone: z1, UserData: !Sub 'peers ${!PrivateIps}'}\n    CreationPolicy: {MinSuccessfulMembersPercent: 50}";
    expect(problems(sub)).toHaveLength(1);
    expect(() => load(group('{MinSuccessfulMembersPercent: 100}', 'servers ${PrivateIps}'))).not.toThrow();
  });
});

describe('the evaluated policy the engine hands the group', () => {
  it('reads either spelling, parameter strings included, and nothing without one', () => {
    expect(parseMinSuccessfulPercent({ MinSuccessfulMembersPercent: 80 })).toBe(80);
    expect(parseMinSuccessfulPercent({ MinSuccessfulMembersPercent: '75' })).toBe(75);
    expect(parseMinSuccessfulPercent({ AutoScalingCreationPolicy: { MinSuccessfulInstancesPercent: 90 } })).toBe(90);
    expect(parseMinSuccessfulPercent({ ResourceSignal: { Count: 2 } })).toBeUndefined();
    expect(parseMinSuccessfulPercent(undefined)).toBeUndefined();
  });

  it('refuses a parameter value outside 0..100', () => {
    expect(() => parseMinSuccessfulPercent({ MinSuccessfulMembersPercent: '150' })).toThrow('CreationPolicy MinSuccessfulMembersPercent must be a whole number from 0 to 100, got "150"');
  });
});
