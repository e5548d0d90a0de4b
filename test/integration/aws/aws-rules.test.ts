import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAws, type AwsCliTarget } from '../../support/aws-cli';
import { useStackTestEnvironment } from '../../support/stacks';

/**
 * A template's Rules through the AWS CLI: values that break an assertion are refused with its
 * AssertDescription by create-stack, update-stack and create-change-set, and nothing is made or
 * changed; the CloudStack API answers the same with a 431. Parameter values that break their own
 * constraints are refused in CloudFormation's words, which carry no "Template format error".
 */
const env = useStackTestEnvironment();

const RULED = `Parameters:
  Tier: {Type: String, Default: staging}
  Zone: {Type: String, Default: zone-sg}
  Owner: {Type: String, AllowedPattern: '[a-z]+', ConstraintDescription: lower-case letters only}
Rules:
  ProductionZone:
    RuleCondition: !Equals [!Ref Tier, production]
    Assertions:
      - Assert: !Contains [[zone-advanced], !Ref Zone]
        AssertDescription: Production stacks run in zone-advanced only
Resources:
  Handle: {Type: AWS::CloudFormation::WaitConditionHandle}
Outputs:
  Zone: {Value: !Ref Zone}
`;
const REFUSAL = 'Rules.ProductionZone.Assertions[0]: Production stacks run in zone-advanced only';

let dir: string;
let alice: AwsCliTarget;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csf-aws-rules-'));
  await writeFile(join(dir, 'ruled.yaml'), RULED);
  alice = { endpoint: env.svc.service.url.replace(/\/client\/api$/, ''), keys: env.svc.users.alice };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const param = (key: string, value: string) => `ParameterKey=${key},ParameterValue=${value}`;

it('refuses values that break a rule on create, update and change set, and changes nothing', async () => {
  const refused = await runAws(alice, ['create-stack', '--stack-name', 'ruled', '--template-body', 'file://ruled.yaml', '--parameters', param('Tier', 'production'), param('Owner', 'ops')], { cwd: dir });
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('(ValidationError)');
  expect(refused.stderr).toContain(REFUSAL);
  expect((await runAws(alice, ['describe-stacks', '--stack-name', 'ruled'])).stderr).toContain('Stack with id ruled does not exist');

  // The rule's condition does not hold outside production: the same zone is let through.
  const created = await runAws(alice, ['create-stack', '--stack-name', 'ruled', '--template-body', 'file://ruled.yaml', '--parameters', param('Owner', 'ops')], { cwd: dir });
  expect(created.code).toBe(0);
  expect((await runAws(alice, ['wait', 'stack-create-complete', '--stack-name', 'ruled'])).code).toBe(0);

  const update = await runAws(alice, ['update-stack', '--stack-name', 'ruled', '--use-previous-template', '--parameters', param('Tier', 'production'), 'ParameterKey=Zone,UsePreviousValue=true', 'ParameterKey=Owner,UsePreviousValue=true']);
  expect(update.code).not.toBe(0);
  expect(update.stderr).toContain(REFUSAL);
  const changeSet = await runAws(alice, ['create-change-set', '--stack-name', 'ruled', '--change-set-name', 'to-production', '--use-previous-template', '--parameters', param('Tier', 'production'), 'ParameterKey=Zone,UsePreviousValue=true', 'ParameterKey=Owner,UsePreviousValue=true']);
  expect(changeSet.code).not.toBe(0);
  expect(changeSet.stderr).toContain(REFUSAL);

  const described = await runAws(alice, ['describe-stacks', '--stack-name', 'ruled']);
  expect(described.json.Stacks[0]).toMatchObject({ StackStatus: 'CREATE_COMPLETE', Outputs: [{ OutputKey: 'Zone', OutputValue: 'zone-sg' }] });
  expect((await runAws(alice, ['list-change-sets', '--stack-name', 'ruled'])).json.Summaries).toEqual([]);

  // The CloudStack API refuses the same values with its 431.
  const answer = await env.svc.call('alice', {
    command: 'createStack', name: 'ruled-cs', templatebody: RULED, 'parameters[0].key': 'Tier', 'parameters[0].value': 'production', 'parameters[1].key': 'Owner', 'parameters[1].value': 'ops', response: 'json',
  });
  expect(answer.status).toBe(431);
  expect(answer.json!.createstackresponse.errortext).toContain(REFUSAL);

  expect((await runAws(alice, ['delete-stack', '--stack-name', 'ruled'])).code).toBe(0);
  expect((await runAws(alice, ['wait', 'stack-delete-complete', '--stack-name', 'ruled'])).code).toBe(0);
}, 120_000);

it('refuses parameter values in CloudFormation\'s words: a missing value, a broken constraint, an unknown name', async () => {
  const create = (...parameters: string[]) => runAws(alice, ['create-stack', '--stack-name', 'unruled', '--template-body', 'file://ruled.yaml', ...(parameters.length > 0 ? ['--parameters', ...parameters] : [])], { cwd: dir });
  const refusal = (stderr: string) => stderr.trim().split('\n').pop();
  const operation = 'An error occurred (ValidationError) when calling the CreateStack operation:';
  expect(refusal((await create()).stderr)).toBe(`${operation} Parameters: [Owner] must have values`);
  expect(refusal((await create(param('Owner', 'Ops1'))).stderr)).toBe(`${operation} Parameter Owner failed to satisfy constraint: lower-case letters only`);
  expect(refusal((await create(param('Owner', 'ops'), param('Colour', 'red'))).stderr)).toBe(`${operation} Parameters: [Colour] do not exist in the template`);
  expect((await runAws(alice, ['describe-stacks', '--stack-name', 'unruled'])).stderr).toContain('Stack with id unruled does not exist');
}, 60_000);
