import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { parseTemplateUrlAllow } from '../../../src/config/template-url-allow';
import { newTemplateFrom, templateFrom, type TemplateUrlPolicy } from '../../../src/engine/template-source';
import { TemplateUrlAllowList } from '../../../src/engine/template-url/allow-list';
import { NOT_A_TEMPLATE_TEXT } from '../../../src/engine/template-url/fetched-document';
import { TEMPLATE_URL_ERROR_TEXT } from '../../../src/engine/template-url/template-url-error';
import { ValidationError } from '../../../src/errors';
import { createLogger } from '../../../src/logging/logger';

const DOCUMENTS: Record<string, string> = {
  '/template.yaml': 'Resources:\n  Key: {Type: CloudStack::SSHKeyPair, Properties: {Name: k}}\n',
  '/broken-template.yaml': 'AWSTemplateFormatVersion: 2011-01-01\nResources:\n  Key: {Type: Nope::Thing}\n',
  '/credentials': '[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n',
  '/config.yaml': 'aws_secret_access_key: wJalrXUtnFEMI/K7MDENG\nregion: x\n',
  '/config.json': '{"password": "hunter2", "Resources": {}}',
  '/list.yaml': '- aws_secret_access_key\n',
};

describe('templateFrom', () => {
  let server: Server;
  let base: string;
  const allow = new TemplateUrlAllowList(parseTemplateUrlAllow('127.0.0.1'));
  beforeAll(async () => {
    server = createServer((request, response) => response.end(DOCUMENTS[request.url ?? ''] ?? ''));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function refusal(url: string, policy: TemplateUrlPolicy = { allow }): Promise<ValidationError> {
    try {
      await templateFrom(undefined, url, policy);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      return error as ValidationError;
    }
    throw new Error(`expected ${url} to be refused`);
  }

  it('takes exactly one of templatebody and templateurl', async () => {
    await expect(templateFrom('Resources: {}', undefined, { allow })).resolves.toBe('Resources: {}');
    await expect(templateFrom(undefined, undefined, { allow })).rejects.toThrow('Exactly one of templatebody and templateurl must be given');
    await expect(templateFrom('x', `${base}/template.yaml`, { allow })).rejects.toThrow('Exactly one of templatebody and templateurl must be given');
  });

  it('takes an update\'s template from templatebody, templateurl or the stack (useprevioustemplate=true), and names all three when none is given', async () => {
    await expect(newTemplateFrom(undefined, undefined, true, { allow })).resolves.toBeUndefined();
    await expect(newTemplateFrom('Resources: {}', undefined, false, { allow })).resolves.toBe('Resources: {}');
    await expect(newTemplateFrom(undefined, `${base}/template.yaml`, false, { allow })).resolves.toBe(DOCUMENTS['/template.yaml']);
    await expect(newTemplateFrom(undefined, undefined, false, { allow })).rejects.toThrow('Exactly one of templatebody, templateurl and useprevioustemplate=true must be given');
  });

  it('returns a fetched template as served', async () => {
    await expect(templateFrom(undefined, `${base}/template.yaml`, { allow })).resolves.toBe(DOCUMENTS['/template.yaml']);
    // A template with mistakes is still a template: its errors come later, in detail.
    await expect(templateFrom(undefined, `${base}/broken-template.yaml`, { allow })).resolves.toBe(DOCUMENTS['/broken-template.yaml']);
  });

  it.each(['/credentials', '/config.yaml', '/config.json', '/list.yaml', '/empty'])('never quotes a fetched document that is no template (%s)', async (path) => {
    const error = await refusal(`${base}${path}`);
    expect(error.message).toBe(NOT_A_TEMPLATE_TEXT);
    expect(error.message).not.toMatch(/aws_secret_access_key|wJalr|password|hunter2/);
  });

  it('logs why a URL was refused, while the caller sees the one text', async () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } }) });
    const error = await refusal(`${base}/template.yaml`, { allow: new TemplateUrlAllowList(), logger });
    expect(error.message).toBe(TEMPLATE_URL_ERROR_TEXT);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 40, msg: 'templateurl not retrieved', reason: '127.0.0.1 resolves to 127.0.0.1 (loopback), which CSF_TEMPLATE_URL_ALLOW does not allow' }),
    ]);
  });
});
