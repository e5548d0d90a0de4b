import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NOT_A_TEMPLATE_TEXT } from '../../../src/engine/template-url/fetched-document';
import { TEMPLATE_URL_ERROR_TEXT } from '../../../src/engine/template-url/template-url-error';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startTestService, type TestService } from '../../support/service';

const TEMPLATE = 'Parameters:\n  Name: {Type: String}\nResources:\n  Key:\n    Type: CloudStack::SSHKeyPair\n    Properties: {Name: !Ref Name}\n';

interface DocumentServer {
  base: string;
  requests: number;
  close(): Promise<void>;
}

async function serveDocuments(host: string, documents: Record<string, string>): Promise<DocumentServer> {
  const state = { requests: 0 };
  const server: Server = createServer((request, response) => {
    state.requests++;
    response.end(documents[request.url ?? ''] ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    base: `http://${host}:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('template input through the API: templateurl and the error texts', () => {
  let svc: TestService;
  let allowed: DocumentServer;
  let refused: DocumentServer;
  beforeAll(async () => {
    // 127.0.0.1 stands for the operator's template server; 127.0.0.2 for the rest of loopback.
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })], env: { CSF_TEMPLATE_URL_ALLOW: '127.0.0.1/32' } });
    const documents = { '/t.yaml': TEMPLATE, '/secrets.yaml': 'aws_secret_access_key: wJalrXUtnFEMI/K7MDENG\n' };
    allowed = await serveDocuments('127.0.0.1', documents);
    refused = await serveDocuments('127.0.0.2', documents);
  }, 60_000);
  afterAll(async () => {
    await allowed?.close();
    await refused?.close();
    await svc?.stop();
  });

  const errortext = (answer: { json?: Record<string, any> }, envelope: string) => answer.json![envelope].errortext as string;

  it('validates a template at an allow-listed templateurl', async () => {
    const answer = await svc.call('alice', { command: 'validateTemplate', templateurl: `${allowed.base}/t.yaml`, response: 'json' });
    expect(answer.status).toBe(200);
    expect(answer.json!.validatetemplateresponse.template.parameters).toEqual([expect.objectContaining({ name: 'Name' })]);
  });

  it('refuses a templateurl on a loopback address the allow-list does not name, with the one text', async () => {
    for (const command of ['validateTemplate', 'createStack']) {
      const answer = await svc.call('alice', { command, name: 'from-url', templateurl: `${refused.base}/t.yaml`, response: 'json' });
      expect(answer.status).toBe(431);
      expect(errortext(answer, `${command.toLowerCase()}response`)).toBe(TEMPLATE_URL_ERROR_TEXT);
    }
    expect(refused.requests).toBe(0);
  });

  it('never quotes a fetched document that is no template', async () => {
    const answer = await svc.call('alice', { command: 'createStack', name: 'leak', templateurl: `${allowed.base}/secrets.yaml`, response: 'json' });
    expect(answer.status).toBe(431);
    expect(errortext(answer, 'createstackresponse')).toBe(NOT_A_TEMPLATE_TEXT);
    expect(answer.text).not.toContain('aws_secret_access_key');
  });

  it('says "Parameters:" once for a parameter without a value, as CloudFormation does', async () => {
    const answer = await svc.call('alice', { command: 'createStack', name: 'no-name', templatebody: TEMPLATE, response: 'json' }, { method: 'POST' });
    expect(answer.status).toBe(431);
    expect(errortext(answer, 'createstackresponse')).toBe('Parameters: [Name] must have values');
  });

  it('words YAML errors without an empty segment', async () => {
    const answer = await svc.call('alice', { command: 'validateTemplate', templatebody: 'Resources: {}\nResources: {}\n', response: 'json' });
    expect(answer.status).toBe(431);
    expect(errortext(answer, 'validatetemplateresponse')).toBe('Template format error: YAML not well-formed: Map keys must be unique (line 2, column 1)');
  });
});
