import { createEvaluationContext, crossStackNames, loadTemplate, resolveParameters } from '../../../src/template';
import { problemsOf } from './support/problems';
import { testRegistry } from './support/test-registry';

const registry = testRegistry();
const problems = (body: string) => problemsOf(() => loadTemplate(body, registry));
const VM = 'Type: CloudStack::VirtualMachine\n    Properties: {Zone: z1, Template: t1, ServiceOffering: small}';

function namesOf(body: string, parameters: Record<string, string> = {}, exports: Record<string, string> = {}) {
  const template = loadTemplate(body, registry);
  const context = createEvaluationContext({
    template,
    parameterValues: resolveParameters(template, parameters),
    pseudo: { stackName: 'net', stackId: 'c0ffee00-0000-4000-8000-000000000001', region: 'r1', accountId: 'a1', zones: ['z1'] },
    importValue: (name) => exports[name],
  });
  const names = crossStackNames(context);
  return { exports: Object.fromEntries(names.exports), imports: names.imports };
}

describe('Outputs.*.Export and Fn::ImportValue in a template', () => {
  it('are accepted in conditions, resource properties, Fn::Sub variables and outputs', () => {
    const body = [
      'Conditions:',
      "  Shared: !Equals [!ImportValue SharedFlag, 'yes']",
      'Resources:',
      '  Web:',
      '    Type: CloudStack::VirtualMachine',
      '    Properties:',
      '      Zone: !ImportValue SharedZone',
      "      Template: !Sub ['${T}-x', {T: !ImportValue {'Fn::Sub': '${AWS::StackName}-template'}}]",
      '      ServiceOffering: small',
      'Outputs:',
      '  Ip:',
      '    Value: !GetAtt Web.PrivateIp',
      "    Export: {Name: !Sub '${AWS::StackName}-ip'}",
    ].join('\n');
    expect(loadTemplate(body, registry).outputs.Ip.exportName).toEqual({ 'Fn::Sub': '${AWS::StackName}-ip' });
  });

  it('refuses a resource in an export name or an imported name, and a malformed Export or Fn::ImportValue', () => {
    const body = [
      'Resources:',
      '  Web:',
      `    ${VM}`,
      '    Metadata: {net: !ImportValue {Ref: Other}, bad: {"Fn::ImportValue": [1, 2]}}',
      '  Other:',
      `    ${VM}`,
      'Outputs:',
      '  Ip: {Value: x, Export: {Name: !GetAtt Web.PrivateIp}}',
      '  NoName: {Value: x, Export: {}}',
      '  Shape: {Value: x, Export: x}',
      '  Extra: {Value: x, Export: {Name: n, Colour: red}}',
    ].join('\n');
    expect(problems(body)).toEqual([
      { path: 'Outputs.NoName.Export.Name', message: 'every export needs a Name' },
      { path: 'Outputs.Shape.Export', message: 'expected an object with a Name, got a string' },
      { path: 'Outputs.Extra.Export.Colour', message: 'unknown export attribute; expected Name' },
      { path: 'Resources.Web.Metadata.net.Fn::ImportValue.Ref', message: "an export name or an imported name cannot refer to resources, but this refers to 'Other'" },
      { path: 'Resources.Web.Metadata.bad.Fn::ImportValue', message: 'expected the name of an exported output, got a list of 2' },
      { path: 'Outputs.Ip.Export.Name.Fn::GetAtt', message: "an export name or an imported name cannot refer to resources, but this refers to 'Web'" },
    ]);
  });
});

describe('crossStackNames: what a stack exports and imports, before any resource exists', () => {
  it('evaluates export and import names from parameters and pseudo-parameters', () => {
    const body = [
      'Parameters:',
      '  Network: {Type: String, Default: shared}',
      'Resources:',
      '  Web:',
      '    Type: CloudStack::VirtualMachine',
      "    Properties: {Zone: z1, Template: !ImportValue {'Fn::Sub': '${Network}-net'}, ServiceOffering: small}",
      'Outputs:',
      "  Ip: {Value: !GetAtt Web.PrivateIp, Export: {Name: !Sub '${AWS::StackName}-ip'}}",
      '  Plain: {Value: x}',
    ].join('\n');
    expect(namesOf(body, { Network: 'blue' }, { 'blue-net': 'n-1' })).toEqual({ exports: { 'net-ip': 'Ip' }, imports: ['blue-net'] });
  });

  it('counts only what is active: resources and outputs whose Condition holds, and the chosen Fn::If branch', () => {
    const body = [
      'Parameters:',
      '  Env: {Type: String, Default: dev}',
      'Conditions:',
      '  Prod: !Equals [!Ref Env, prod]',
      'Resources:',
      '  Web:',
      '    Type: CloudStack::VirtualMachine',
      "    Properties: {Zone: z1, Template: !If [Prod, !ImportValue prod-template, !ImportValue dev-template], ServiceOffering: small}",
      '  Extra:',
      '    Type: CloudStack::VirtualMachine',
      '    Condition: Prod',
      "    Properties: {Zone: !ImportValue prod-zone, Template: t1, ServiceOffering: small}",
      'Outputs:',
      '  Out: {Condition: Prod, Value: x, Export: {Name: prod-out}}',
      '  Dev: {Value: !ImportValue dev-zone, Export: {Name: dev-out}}',
    ].join('\n');
    expect(namesOf(body)).toEqual({ exports: { 'dev-out': 'Dev' }, imports: ['dev-template', 'dev-zone'] });
    expect(namesOf(body, { Env: 'prod' }).imports).toEqual(['prod-template', 'prod-zone', 'dev-zone']);
  });

  it('refuses two outputs exporting one name', () => {
    const body = 'Resources:\n  Web:\n    ' + VM + "\nOutputs:\n  A: {Value: a, Export: {Name: same}}\n  B: {Value: b, Export: {Name: !Join ['', [s, ame]]}}";
    expect(problemsOf(() => namesOf(body))).toEqual([
      { path: 'Outputs.B.Export.Name', message: "export name 'same' is also the export name of output A" },
    ]);
  });
});
