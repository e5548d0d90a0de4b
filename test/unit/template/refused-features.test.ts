import { TypeRegistry } from '../../../src/template';
import { loadTemplate } from '../../../src/template/validate/validate-template';
import { problemsOf } from './support/problems';
import { testRegistry } from './support/test-registry';

// The test registry plus one type that can be snapshotted, as CloudStack::Volume declares it,
// with its group rolling its members as CloudStack::VirtualMachineGroup declares it.
const registry = new TypeRegistry([
  ...testRegistry().list().map((schema) => (schema.typeName === 'CloudStack::VirtualMachineGroup' ? { ...schema, rollingUpdates: true } : schema)),
  { typeName: 'CloudStack::Volume', snapshotOnDelete: true, properties: { Size: { type: 'Integer', description: 'GB' } }, attributes: {} },
]);
const load = (body: string) => loadTemplate(body, registry);
const problems = (body: string) => problemsOf(() => load(body));

const VM = 'Type: CloudStack::VirtualMachine\n    Properties: {Zone: z1, Template: t1, ServiceOffering: small}';

describe('DeletionPolicy Snapshot', () => {
  it('is accepted on a type that can be snapshotted', () => {
    const template = load('Resources:\n  Data:\n    Type: CloudStack::Volume\n    DeletionPolicy: Snapshot');
    expect(template.resources.Data.deletionPolicy).toBe('Snapshot');
  });

  it('is refused on every other type, naming the resource and the types that can', () => {
    expect(problems(`Resources:\n  Web:\n    ${VM}\n    DeletionPolicy: Snapshot\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n    DeletionPolicy: Snapshot`)).toEqual([
      { path: 'Resources.Web.DeletionPolicy', message: 'DeletionPolicy Snapshot is not supported for resource Web (CloudStack::VirtualMachine): only CloudStack::Volume can be snapshotted; use Delete or Retain' },
      { path: 'Resources.Handle.DeletionPolicy', message: 'DeletionPolicy Snapshot is not supported for resource Handle (AWS::CloudFormation::WaitConditionHandle): only CloudStack::Volume can be snapshotted; use Delete or Retain' },
    ]);
  });

  it('says so when no registered type can be snapshotted', () => {
    expect(problemsOf(() => loadTemplate(`Resources:\n  Web:\n    ${VM}\n    DeletionPolicy: Snapshot`, testRegistry()))).toEqual([
      { path: 'Resources.Web.DeletionPolicy', message: 'DeletionPolicy Snapshot is not supported for resource Web (CloudStack::VirtualMachine): no resource type here can be snapshotted; use Delete or Retain' },
    ]);
  });

  it('still accepts Delete and Retain everywhere', () => {
    const template = load(`Resources:\n  Web:\n    ${VM}\n    DeletionPolicy: Retain\n  Db:\n    ${VM}\n    DeletionPolicy: Delete`);
    expect([template.resources.Web.deletionPolicy, template.resources.Db.deletionPolicy]).toEqual(['Retain', 'Delete']);
  });
});

describe('update policies', () => {
  it('refuses UpdatePolicy on a type that does not roll its members, naming the resource and the type that does, and accepts UpdateReplacePolicy', () => {
    const body = `Resources:\n  Web:\n    ${VM}\n    UpdateReplacePolicy: Retain\n    UpdatePolicy: {AutoScalingRollingUpdate: {MaxBatchSize: 1}}`;
    expect(problems(body)).toEqual([
      { path: 'Resources.Web.UpdatePolicy', message: 'UpdatePolicy of resource Web (CloudStack::VirtualMachine) is not supported: only CloudStack::VirtualMachineGroup rolls its members' },
    ]);
  });

  it('reads UpdateReplacePolicy like DeletionPolicy: Delete by default, Retain, Snapshot only where a type snapshots', () => {
    const template = load(`Resources:\n  Web:\n    ${VM}\n    UpdateReplacePolicy: Retain\n  Db:\n    ${VM}`);
    expect([template.resources.Web.updateReplacePolicy, template.resources.Db.updateReplacePolicy]).toEqual(['Retain', 'Delete']);
    expect(problems(`Resources:\n  Web:\n    ${VM}\n    UpdateReplacePolicy: Snapshot`)).toEqual([
      { path: 'Resources.Web.UpdateReplacePolicy', message: 'UpdateReplacePolicy Snapshot is not supported for resource Web (CloudStack::VirtualMachine): only CloudStack::Volume can be snapshotted; use Delete or Retain' },
    ]);
    expect(problems(`Resources:\n  Web:\n    ${VM}\n    UpdateReplacePolicy: Keep`)).toEqual([
      { path: 'Resources.Web.UpdateReplacePolicy', message: 'expected one of Delete, Retain, Snapshot, got "Keep"' },
    ]);
  });
});

describe('a stored template (a stack accepted before these refusals existed)', () => {
  const stored = (body: string) => loadTemplate(body, registry, { storedTemplate: true });
  const BODY = [
    'Resources:',
    '  Web:',
    `    ${VM}`,
    '    DeletionPolicy: Snapshot',
    '    UpdateReplacePolicy: Retain',
    '    UpdatePolicy: {AutoScalingRollingUpdate: {MaxBatchSize: 1}}',
    'Outputs:',
    '  Ip: {Value: !GetAtt Web.PrivateIp}',
  ].join('\n');

  it('is refused as a new template', () => {
    expect(problems(BODY).map((p) => p.path)).toEqual([
      'Resources.Web.UpdatePolicy', 'Resources.Web.DeletionPolicy',
    ]);
  });

  it('loads, so its stack can still be deleted; Snapshot where nothing snapshots stays Delete, as it always acted', () => {
    const template = stored(BODY);
    expect(template.resources.Web.deletionPolicy).toBe('Delete');
  });

  it('is still checked for everything else', () => {
    expect(problemsOf(() => stored(`${BODY}\n  Bad: {Value: !Ref Nowhere}`))).toEqual([
      { path: 'Outputs.Bad.Value.Ref', message: "Ref to 'Nowhere', which is not a parameter, resource or pseudo-parameter" },
    ]);
  });
});
