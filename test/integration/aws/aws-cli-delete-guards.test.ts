import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAws, type AwsCliTarget } from '../../support/aws-cli';
import { useStackTestEnvironment } from '../../support/stacks';

/**
 * What keeps a stack from being deleted, through the AWS CLI: an export another stack imports
 * (list-exports, list-imports) and termination protection.
 */
const env = useStackTestEnvironment();

const NETWORK = `Resources:
  Spread:
    Type: CloudStack::AffinityGroup
    Properties:
      Description: shared
Outputs:
  SpreadId:
    Value: !Ref Spread
    Export:
      Name: !Sub '\${AWS::StackName}-spread'
`;

const APP = `Parameters:
  Base:
    Type: String
    Default: network
Resources:
  Local:
    Type: CloudStack::AffinityGroup
    Properties:
      Description: !Sub
        - 'next to \${Id}'
        - Id: !ImportValue
            'Fn::Sub': '\${Base}-spread'
Outputs:
  Shared:
    Value: !ImportValue network-spread
`;

let dir: string;
let alice: AwsCliTarget;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csf-aws-exports-'));
  await writeFile(join(dir, 'network.yaml'), NETWORK);
  await writeFile(join(dir, 'app.yaml'), APP);
  alice = { endpoint: env.svc.service.url.replace(/\/client\/api$/, ''), keys: env.svc.users.alice, region: 'eu-west-1' };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const aws = (args: string[]) => runAws(alice, args, { cwd: dir });

it('lists exports and imports, and keeps an exporting stack while another imports from it', async () => {
  const created = await aws(['create-stack', '--stack-name', 'network', '--template-body', 'file://network.yaml']);
  expect(created.code).toBe(0);
  const networkArn = created.json.StackId as string;
  expect((await aws(['wait', 'stack-create-complete', '--stack-name', 'network'])).code).toBe(0);

  const exports = await aws(['list-exports']);
  expect(exports.code).toBe(0);
  expect(exports.json.Exports).toEqual([{ ExportingStackId: networkArn, Name: 'network-spread', Value: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
  const spreadId = exports.json.Exports[0].Value as string;

  const none = await aws(['list-imports', '--export-name', 'network-spread']);
  expect([254, 255]).toContain(none.code);
  expect(none.stderr).toContain("(ValidationError) when calling the ListImports operation: Export 'network-spread' is not imported by any stack.");

  const missing = await aws(['create-stack', '--stack-name', 'app', '--template-body', 'file://app.yaml', '--parameters', 'ParameterKey=Base,ParameterValue=elsewhere']);
  expect(missing.stderr).toContain('(ValidationError) when calling the CreateStack operation: No export named elsewhere-spread found.');

  expect((await aws(['create-stack', '--stack-name', 'app', '--template-body', 'file://app.yaml'])).code).toBe(0);
  expect((await aws(['wait', 'stack-create-complete', '--stack-name', 'app'])).code).toBe(0);
  const app = await aws(['describe-stacks', '--stack-name', 'app']);
  expect(app.json.Stacks[0].Outputs).toEqual([{ OutputKey: 'Shared', OutputValue: spreadId }]);
  const groups = await env.sim.as('alice').listAll<{ description: string }>('listAffinityGroups', {}, 'affinitygroup');
  expect(groups.map((g) => g.description)).toContain(`next to ${spreadId}`);
  expect((await aws(['list-imports', '--export-name', 'network-spread'])).json).toEqual({ Imports: ['app'] });

  // As CloudFormation: the call succeeds, and the stack stays, saying why.
  const refused = await aws(['delete-stack', '--stack-name', 'network']);
  expect(refused.code).toBe(0);
  const kept = await aws(['describe-stacks', '--stack-name', 'network']);
  expect(kept.json.Stacks[0]).toMatchObject({ StackStatus: 'CREATE_COMPLETE', StackStatusReason: 'Export network-spread cannot be deleted as it is in use by app' });
  const events = await aws(['describe-stack-events', '--stack-name', 'network']);
  expect(events.json.StackEvents[0]).toMatchObject({ LogicalResourceId: 'network', ResourceStatus: 'CREATE_COMPLETE', ResourceStatusReason: 'Export network-spread cannot be deleted as it is in use by app' });

  expect((await aws(['delete-stack', '--stack-name', 'app'])).code).toBe(0);
  expect((await aws(['wait', 'stack-delete-complete', '--stack-name', 'app'])).code).toBe(0);
  expect((await aws(['delete-stack', '--stack-name', 'network'])).code).toBe(0);
  expect((await aws(['wait', 'stack-delete-complete', '--stack-name', 'network'])).code).toBe(0);
  expect((await aws(['list-exports'])).json).toEqual({ Exports: [] });
}, 120_000);

it('refuses to delete a stack while its termination protection is on', async () => {
  const created = await aws(['create-stack', '--stack-name', 'guarded', '--template-body', 'file://network.yaml', '--enable-termination-protection']);
  expect(created.code).toBe(0);
  expect((await aws(['wait', 'stack-create-complete', '--stack-name', 'guarded'])).code).toBe(0);
  expect((await aws(['describe-stacks', '--stack-name', 'guarded'])).json.Stacks[0].EnableTerminationProtection).toBe(true);

  const refused = await aws(['delete-stack', '--stack-name', 'guarded']);
  expect([254, 255]).toContain(refused.code);
  expect(refused.stderr).toContain('(ValidationError) when calling the DeleteStack operation: Stack [guarded] cannot be deleted while TerminationProtection is enabled');
  expect((await aws(['describe-stacks', '--stack-name', 'guarded'])).json.Stacks[0].StackStatus).toBe('CREATE_COMPLETE');

  const off = await aws(['update-termination-protection', '--no-enable-termination-protection', '--stack-name', 'guarded']);
  expect(off.code).toBe(0);
  expect(off.json.StackId).toBe(created.json.StackId);
  expect((await aws(['describe-stacks', '--stack-name', 'guarded'])).json.Stacks[0].EnableTerminationProtection).toBe(false);
  expect((await aws(['delete-stack', '--stack-name', 'guarded'])).code).toBe(0);
  expect((await aws(['wait', 'stack-delete-complete', '--stack-name', 'guarded'])).code).toBe(0);
}, 60_000);
