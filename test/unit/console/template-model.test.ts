import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parametersNamedIn } from '../../../console/src/error-fields';
import { parseTemplate, referencedNames } from '../../../console/src/template-model';

describe("the console's reading of a template (the graph's edges)", () => {
  it('finds Ref, GetAtt, Sub and DependsOn edges in the LAMP example', () => {
    const model = parseTemplate(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'lamp.yaml'), 'utf8'));
    expect(model.resources.Web.type).toBe('CloudStack::VirtualMachineGroup');
    expect(model.resources.Web.dependsOn).toEqual(expect.arrayContaining(['Network', 'WebHandle']));
    expect(model.resources.HttpLoadBalancer.dependsOn).toEqual(expect.arrayContaining(['PublicIp', 'Web']));
    expect(model.resources.PublicIp.condition).toBe('UseIsolatedNetwork');
  });

  it('reads JSON templates, long-form functions, ${!Literal} and parameters (not edges)', () => {
    const model = parseTemplate(
      JSON.stringify({
        Parameters: { Size: { Type: 'Number' } },
        Resources: {
          A: { Type: 'CloudStack::Network' },
          B: { Type: 'CloudStack::VirtualMachine', DependsOn: 'A', Properties: { UserData: { 'Fn::Sub': ['${!Literal} ${Size} ${C.PrivateIp} ${X}', { X: { 'Fn::GetAtt': ['A', 'Id'] } }] } } },
          C: { Type: 'CloudStack::VirtualMachine', Properties: { Name: { Ref: 'AWS::StackName' } } },
        },
      }),
    );
    expect(model.resources.B.dependsOn.sort()).toEqual(['A', 'C']);
    expect(model.resources.C.dependsOn).toEqual([]);
  });

  it('collects names through nested functions', () => {
    expect([...referencedNames({ 'Fn::Join': [',', [{ Ref: 'A' }, { 'Fn::GetAtt': 'B.Ip' }, { 'Fn::If': ['Cond', { Ref: 'C' }, ''] }]] })].sort()).toEqual(['A', 'B', 'C']);
  });

  it('tells which parameters an error names', () => {
    expect(parametersNamedIn("Parameter 'DbPassword' must match pattern [A-Za-z0-9]{12,64}")).toEqual(['DbPassword']);
    expect(parametersNamedIn('Parameters: [DbPassword, Zone] must have values')).toEqual(['DbPassword', 'Zone']);
    expect(parametersNamedIn('Parameter DbPassword failed to satisfy constraint: 12 to 64 letters or digits')).toEqual(['DbPassword']);
    expect(parametersNamedIn('Stack with name lamp already exists')).toEqual([]);
  });
});
