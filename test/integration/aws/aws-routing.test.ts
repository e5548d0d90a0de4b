import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/core/serde';
import { useStackTestEnvironment } from '../../support/stacks';

/**
 * The AWS surface shares the port with /client/api: it answers form POSTs that carry an Action
 * to any other path, in AWS's XML, and leaves every other request to the routes it had.
 */
const env = useStackTestEnvironment();

const base = () => env.svc.service.url.replace(/\/client\/api$/, '');

/** A form POST signed as the SDK signs it, with alice's keys unless told otherwise. */
async function post(path: string, form: Record<string, string>, sign = true): Promise<Response> {
  const url = new URL(`${base()}${path}`);
  const body = new URLSearchParams(form).toString();
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', host: url.host };
  if (sign) {
    const keys = env.svc.users.alice;
    const signer = new SignatureV4({ credentials: { accessKeyId: keys.apikey, secretAccessKey: keys.secretkey }, region: 'ap-south-1', service: 'cloudformation', sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers, body });
    Object.assign(headers, signed.headers);
  }
  delete headers.host;
  return fetch(url, { method: 'POST', headers, body });
}

it('answers in XML with the request id header, InvalidAction and NoSuchVersion as AWS', async () => {
  const listed = await post('/', { Action: 'ListStacks', Version: '2010-05-15' });
  expect(listed.status).toBe(200);
  expect(listed.headers.get('content-type')).toBe('text/xml; charset=utf-8');
  const requestId = listed.headers.get('x-amzn-requestid');
  expect(await listed.text()).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n<ListStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ListStacksResult><StackSummaries></StackSummaries></ListStacksResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></ListStacksResponse>`);

  const unknown = await post('/anything', { Action: 'CreateStackSet', Version: '2010-05-15' });
  expect(unknown.status).toBe(400);
  expect(await unknown.text()).toContain('<Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation CreateStackSet for version 2010-05-15</Message></Error>');
  const version = await post('/', { Action: 'ListStacks', Version: '2011-01-01' });
  expect(await version.text()).toContain('<Code>NoSuchVersion</Code>');
  const unsigned = await post('/', { Action: 'ListStacks', Version: '2010-05-15' }, false);
  expect(unsigned.status).toBe(403);
  expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  // The region of the signature is the region of the ARNs; the path is part of what is signed.
  const created = await post('/cfn', { Action: 'CreateStack', Version: '2010-05-15', StackName: 'routed', TemplateBody: '{"Resources":{"H":{"Type":"AWS::CloudFormation::WaitConditionHandle"}}}' });
  expect(await created.text()).toMatch(/<StackId>arn:aws:cloudformation:ap-south-1:[0-9a-f-]{36}:stack\/routed\/[0-9a-f-]{36}<\/StackId>/);
});

it('leaves /client/api, other paths and other content types to the routes they had', async () => {
  // A CloudStack command posted with an Action field is still CloudStack's.
  const cloudStack = await post('/client/api', { Action: 'ListStacks', Version: '2010-05-15', command: 'listStacks', response: 'json' }, false);
  expect(cloudStack.status).toBe(401);
  expect(await cloudStack.json()).toMatchObject({ errorresponse: { errorcode: 401, errortext: 'unable to verify user credentials and/or request signature' } });
  const noAction = await post('/', { Version: '2010-05-15' });
  expect(noAction.status).toBe(404);
  const json = await fetch(`${base()}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'CloudFormation.ListStacks' }, body: '{}' });
  expect(json.status).toBe(404);
  expect((await fetch(`${base()}/healthz`)).status).toBe(200);
  const sdk = new CloudFormationClient({ endpoint: base(), region: 'us-east-1', credentials: { accessKeyId: env.svc.users.bob.apikey, secretAccessKey: env.svc.users.bob.secretkey } });
  expect((await sdk.send(new ListStacksCommand({}))).StackSummaries ?? []).toEqual([]);
});
