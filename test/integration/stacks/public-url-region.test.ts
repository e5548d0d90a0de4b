import { CloudStackClient } from '../../../src/client';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startTestService, TestService } from '../../support/service';
import { createStack, getStack, waitForJob } from '../../support/stacks';

const TEMPLATE = {
  Resources: {
    Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
    Vm: {
      Type: 'CloudStack::VirtualMachine',
      Properties: {
        Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance', Name: 'signals-elsewhere',
        UserData: { 'Fn::Sub': '#!/bin/sh\necho "signal to ${Handle}"\n' },
      },
    },
  },
  Outputs: {
    Region: { Value: { Ref: 'AWS::Region' } },
    StackId: { Value: { Ref: 'AWS::StackId' } },
    // The usual way templates take the uuid from the stack's ARN.
    Uuid: { Value: { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] } },
  },
};

describe('PUBLIC_URL and CSF_REGION', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })], env: { PUBLIC_URL: 'https://csf.example.org/', CSF_REGION: 'eu-west-7' } });
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  it('puts the public URL in signal URLs, the region in AWS::Region, and the stack ARN in that region in AWS::StackId', async () => {
    const { id, jobid } = await createStack(svc, 'alice', 'elsewhere', TEMPLATE);
    expect((await waitForJob(svc, 'alice', jobid)).jobstatus).toBe(1);
    const stack = await getStack(svc, 'alice', id);
    expect(stack?.outputs).toEqual([
      { key: 'Region', value: 'eu-west-7' },
      { key: 'StackId', value: `arn:aws:cloudformation:eu-west-7:${stack?.accountid}:stack/elsewhere/${id}` },
      { key: 'Uuid', value: id },
    ]);

    const client = new CloudStackClient({ url: svc.simulator.url, apiKey: svc.users.alice.apikey, secretKey: svc.users.alice.secretkey });
    try {
      const [vm] = await client.listAll<{ id: string }>('listVirtualMachines', { name: 'signals-elsewhere' }, 'virtualmachine');
      const answer = await client.request<{ virtualmachineuserdata: { userdata: string } }>('getVirtualMachineUserData', { virtualmachineid: vm.id });
      const text = Buffer.from(answer.virtualmachineuserdata.userdata, 'base64').toString();
      expect(text).toMatch(/^#!\/bin\/sh\necho "signal to https:\/\/csf\.example\.org\/signal\/[A-Za-z0-9_-]{32}"\n$/);
    } finally {
      client.close();
    }
  }, 30_000);
});
