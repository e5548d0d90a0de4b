import { describeTemplate } from '../../../src/template';
import { problemsOf } from './support/problems';
import { testRegistry } from './support/test-registry';

describe('describeTemplate', () => {
  it('summarizes description, parameters and resource types', () => {
    const body = JSON.stringify({
      Description: 'LAMP',
      Parameters: {
        Zone: { Type: 'CloudStack::Zone::Id', Description: 'where' },
        Size: { Type: 'String', Default: 'small', AllowedValues: ['small', 'large'] },
        Password: { Type: 'String', NoEcho: 'true', Default: 'secret' },
      },
      Resources: {
        Web: { Type: 'CloudStack::VirtualMachine', Properties: { Zone: { Ref: 'Zone' }, Template: 't', ServiceOffering: { Ref: 'Size' } } },
        Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
        Db: { Type: 'CloudStack::VirtualMachine', Properties: { Zone: 'z', Template: 't', ServiceOffering: 's' } },
      },
    });
    expect(describeTemplate(body, testRegistry())).toEqual({
      description: 'LAMP',
      parameters: [
        { name: 'Zone', type: 'CloudStack::Zone::Id', description: 'where', noecho: false },
        { name: 'Size', type: 'String', defaultvalue: 'small', noecho: false, allowedvalues: ['small', 'large'] },
        { name: 'Password', type: 'String', noecho: true },
      ],
      resourcetypes: ['AWS::CloudFormation::WaitConditionHandle', 'CloudStack::VirtualMachine'],
    });
  });

  it('throws every problem found, each with its path', () => {
    const body = 'Parameters:\n  P: {Type: Nope}\nResources:\n  A: {Type: X::Y}\n  B: {Type: CloudStack::VirtualMachine, Properties: {Zone: !Ref Q}}';
    expect(problemsOf(() => describeTemplate(body, testRegistry()))).toEqual([
      { path: 'Parameters.P.Type', message: "unsupported parameter type 'Nope'; expected String, Number, List<Number>, CommaDelimitedList or a CloudStack id type such as CloudStack::Zone::Id" },
      { path: 'Resources.A.Type', message: "unsupported resource type 'X::Y'" },
      { path: 'Resources.B.Properties.Template', message: 'required property of CloudStack::VirtualMachine is missing' },
      { path: 'Resources.B.Properties.ServiceOffering', message: 'required property of CloudStack::VirtualMachine is missing' },
      { path: 'Resources.B.Properties.Zone.Ref', message: "Ref to 'Q', which is not a parameter, resource or pseudo-parameter" },
    ]);
  });
});
