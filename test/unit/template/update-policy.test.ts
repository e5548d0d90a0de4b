import { TypeRegistry } from '../../../src/template';
import { loadTemplate } from '../../../src/template/validate/validate-template';
import { problemsOf } from './support/problems';
import { testRegistry } from './support/test-registry';

// The test registry, its group rolling its members as CloudStack::VirtualMachineGroup declares it.
const registry = new TypeRegistry(testRegistry().list().map((schema) => (schema.typeName === 'CloudStack::VirtualMachineGroup' ? { ...schema, rollingUpdates: true } : schema)));
const load = (body: string, stored = false) => loadTemplate(body, registry, { storedTemplate: stored });
const problems = (body: string) => problemsOf(() => load(body));

/** A group of `count` members with this UpdatePolicy (YAML flow text). */
const group = (policy: string, count = '4') => `Resources:\n  Agents:\n    Type: CloudStack::VirtualMachineGroup\n    Properties: {Count: ${count}, Zone: z1}\n    UpdatePolicy: ${policy}`;
const AT = 'Resources.Agents.UpdatePolicy';

describe('UpdatePolicy AutoScalingRollingUpdate', () => {
  it('is read with its values, PauseTime in seconds', () => {
    const template = load(group("{AutoScalingRollingUpdate: {MaxBatchSize: 2, MinInstancesInService: '2', PauseTime: PT1M30S}}"));
    expect(template.resources.Agents.updatePolicy).toEqual({ autoScalingRollingUpdate: { maxBatchSize: 2, minInstancesInService: 2, pauseTimeSeconds: 90 } });
  });

  it("takes AWS's defaults: MaxBatchSize 1, MinInstancesInService 0, PauseTime PT0S", () => {
    expect(load(group('{AutoScalingRollingUpdate: {}}')).resources.Agents.updatePolicy).toEqual({
      autoScalingRollingUpdate: { maxBatchSize: 1, minInstancesInService: 0, pauseTimeSeconds: 0 },
    });
  });

  it('leaves a resource without one, or with an empty UpdatePolicy, without a policy', () => {
    expect(load(group('{}')).resources.Agents.updatePolicy).toBeUndefined();
    expect(load('Resources:\n  Agents:\n    Type: CloudStack::VirtualMachineGroup\n    Properties: {Count: 4, Zone: z1}').resources.Agents.updatePolicy).toBeUndefined();
  });

  it('refuses values that are not what AWS accepts, each with its path', () => {
    expect(problems(group('{AutoScalingRollingUpdate: {MaxBatchSize: 0, MinInstancesInService: -1, PauseTime: 30}}'))).toEqual([
      { path: `${AT}.AutoScalingRollingUpdate.MaxBatchSize`, message: 'expected a positive integer, got 0' },
      { path: `${AT}.AutoScalingRollingUpdate.MinInstancesInService`, message: 'expected a non-negative integer, got -1' },
      { path: `${AT}.AutoScalingRollingUpdate.PauseTime`, message: 'expected an ISO 8601 duration such as PT30S, got 30' },
    ]);
    expect(problems(group('{AutoScalingRollingUpdate: {MaxBatchSize: 1.5, PauseTime: PT2H}}'))).toEqual([
      { path: `${AT}.AutoScalingRollingUpdate.MaxBatchSize`, message: 'expected a positive integer, got 1.5' },
      { path: `${AT}.AutoScalingRollingUpdate.PauseTime`, message: 'at most PT1H, got PT2H' },
    ]);
    expect(problems(group('{AutoScalingRollingUpdate: {PauseTime: PT}}'))).toEqual([
      { path: `${AT}.AutoScalingRollingUpdate.PauseTime`, message: 'expected an ISO 8601 duration such as PT30S, got "PT"' },
    ]);
    expect(problems(group('[AutoScalingRollingUpdate]'))).toEqual([{ path: AT, message: 'expected an object with AutoScalingRollingUpdate, got a list' }]);
  });

  it("refuses MinInstancesInService that is not below the group's Count, when the template writes Count", () => {
    expect(problems(group('{AutoScalingRollingUpdate: {MinInstancesInService: 4}}'))).toEqual([
      { path: `${AT}.AutoScalingRollingUpdate.MinInstancesInService`, message: "must be less than the group's Count (4): every batch takes at least one member out of service" },
    ]);
    // A Count from a parameter is known only when the stack is updated: the handler checks it then.
    const body = `Parameters:\n  N: {Type: Number}\n${group('{AutoScalingRollingUpdate: {MinInstancesInService: 4}}', '!Ref N')}`;
    expect(load(body).resources.Agents.updatePolicy?.autoScalingRollingUpdate.minInstancesInService).toBe(4);
  });

  it('refuses the other policies and the keys it does not implement, naming each', () => {
    expect(problems(group('{AutoScalingReplacingUpdate: {WillReplace: true}, AutoScalingRollingUpdate: {WaitOnResourceSignals: true}}'))).toEqual([
      { path: `${AT}.AutoScalingReplacingUpdate`, message: 'UpdatePolicy AutoScalingReplacingUpdate of resource Agents is not supported: only AutoScalingRollingUpdate (MaxBatchSize, MinInstancesInService, PauseTime) is available' },
      { path: `${AT}.AutoScalingRollingUpdate.WaitOnResourceSignals`, message: 'WaitOnResourceSignals is not supported in AutoScalingRollingUpdate of resource Agents: only MaxBatchSize, MinInstancesInService, PauseTime are available' },
    ]);
  });

  it('loads a stored template with refused keys (its stack stays deletable), without a policy', () => {
    const body = group('{AutoScalingScheduledAction: {IgnoreUnmodifiedGroupSizeProperties: true}, AutoScalingRollingUpdate: {SuspendProcesses: [Launch]}}');
    expect(load(body, true).resources.Agents.updatePolicy).toBeUndefined();
  });
});
