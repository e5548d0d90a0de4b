import { AwsError } from '../../../../src/api/aws/aws-error';
import { readQueryInput } from '../../../../src/api/aws/query-input';
import { CLOUDFORMATION_MODEL } from '../../../../src/api/aws/service-model';
import { writeErrorResponse, writeQueryResponse } from '../../../../src/api/aws/xml-output';
import captured from './captured-requests.json';

const form = (body: string) => {
  const params = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  return params;
};

const input = (operation: string, body: string) => readQueryInput(CLOUDFORMATION_MODEL, CLOUDFORMATION_MODEL.operations[operation].input?.shape, form(body));

describe('query input from the service model', () => {
  it('reads the CLI\'s and the SDK\'s CreateStack forms into the input shape', () => {
    const [cli, , , sdk] = captured.requests;
    expect(input('CreateStack', cli.body)).toEqual({
      StackName: 'mesos-demo',
      TemplateBody: expect.stringContaining('keypair: !Ref KeyName'),
      Parameters: [{ ParameterKey: 'KeyName', ParameterValue: 'ops-key' }],
      TimeoutInMinutes: 30,
      Capabilities: ['CAPABILITY_IAM'],
      OnFailure: 'ROLLBACK',
      Tags: [{ Key: 'team', Value: 'infra' }],
    });
    // The SDK encodes spaces as %20 and sends an empty list as the bare name.
    expect(input('CreateStack', sdk.body)).toMatchObject({ Parameters: [{ ParameterKey: 'KeyName', ParameterValue: 'ops key' }], Capabilities: [] });
    expect(input('CreateChangeSet', 'StackName=s&ChangeSetName=c&Tags=&Capabilities=&UsePreviousTemplate=true')).toEqual({ StackName: 's', ChangeSetName: 'c', Tags: [], Capabilities: [], UsePreviousTemplate: true });
  });

  it('orders list members by index and refuses bad enums, booleans, numbers and missing required members', () => {
    expect(input('ListStacks', 'StackStatusFilter.member.2=UPDATE_COMPLETE&StackStatusFilter.member.1=CREATE_COMPLETE')).toEqual({ StackStatusFilter: ['CREATE_COMPLETE', 'UPDATE_COMPLETE'] });
    const refused = (operation: string, body: string) => {
      try {
        input(operation, body);
      } catch (error) {
        expect(error).toBeInstanceOf(AwsError);
        return (error as AwsError).message;
      }
      throw new Error('accepted');
    };
    expect(refused('CreateStack', 'TemplateBody=x')).toBe("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
    expect(refused('CreateStack', 'StackName=s&OnFailure=EXPLODE')).toMatch(/^1 validation error detected: Value 'EXPLODE' at 'onFailure' failed to satisfy constraint: Member must satisfy enum value set: \[DO_NOTHING, ROLLBACK, DELETE\]$/);
    expect(refused('CreateStack', 'StackName=s&DisableRollback=yes')).toContain("Value 'yes' at 'disableRollback'");
    expect(refused('CreateStack', 'StackName=s&TimeoutInMinutes=ten')).toContain("Value 'ten' at 'timeoutInMinutes'");
    expect(refused('CreateStack', 'StackName=s&TimeoutInMinutes=0')).toBe("1 validation error detected: Value '0' at 'timeoutInMinutes' failed to satisfy constraint: Member must have value greater than or equal to 1");
    expect(refused('CreateStack', `StackName=s&ClientRequestToken=${'a'.repeat(129)}`)).toContain('Member must have length less than or equal to 128');
    expect(refused('CreateStack', 'StackName=s&ClientRequestToken=-leading-dash')).toContain('Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*');
    expect(refused('CreateStack', `StackName=s&${Array.from({ length: 51 }, (_, i) => `Tags.member.${i + 1}.Key=k${i}&Tags.member.${i + 1}.Value=v`).join('&')}`)).toContain("at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
  });
});

describe('XML answers from the service model', () => {
  it('writes members in the model\'s order, lists as member elements, timestamps in ISO 8601, text escaped', () => {
    const xml = writeQueryResponse(CLOUDFORMATION_MODEL, 'DescribeStacks', {
      Stacks: [{
        StackStatus: 'CREATE_COMPLETE', StackName: 'a<b', CreationTime: new Date('2026-11-30T19:39:12Z'), StackId: 'arn:x',
        Parameters: [{ ParameterValue: 'v', ParameterKey: 'k' }], Capabilities: [], DisableRollback: false, Description: undefined,
      }],
    }, 'req-1');
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>'
      + '<StackId>arn:x</StackId><StackName>a&lt;b</StackName><Parameters><member><ParameterKey>k</ParameterKey><ParameterValue>v</ParameterValue></member></Parameters>'
      + '<CreationTime>2026-11-30T19:39:12.000Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><DisableRollback>false</DisableRollback><Capabilities></Capabilities>'
      + '</member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DescribeStacksResponse>');
  });

  it('has no Result element for an operation without an output shape, and an empty one for an output without members', () => {
    expect(writeQueryResponse(CLOUDFORMATION_MODEL, 'DeleteStack', {}, 'r')).toContain('<DeleteStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ResponseMetadata>');
    expect(writeQueryResponse(CLOUDFORMATION_MODEL, 'ExecuteChangeSet', {}, 'r')).toContain('<ExecuteChangeSetResult></ExecuteChangeSetResult>');
  });

  it('writes errors in AWS\'s ErrorResponse form', () => {
    expect(writeErrorResponse('Sender', 'ValidationError', 'Stack with id nope does not exist', 'r')).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id nope does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>');
  });
});
