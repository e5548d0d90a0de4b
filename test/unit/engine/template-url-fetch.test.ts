import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseTemplateUrlAllow } from '../../../src/config/template-url-allow';
import { TemplateUrlAllowList } from '../../../src/engine/template-url/allow-list';
import { fetchTemplateUrl, type TemplateUrlFetchOptions } from '../../../src/engine/template-url/fetch-template-url';
import { TEMPLATE_URL_ERROR_TEXT, TemplateUrlError } from '../../../src/engine/template-url/template-url-error';

interface TestServer {
  url: string;
  port: number;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

type Route = (request: IncomingMessage, response: ServerResponse) => void;

async function serve(host: string, routes: Record<string, Route>): Promise<TestServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const route = routes[request.url ?? ''];
    if (route) route(request, response);
    else response.writeHead(404).end('aws_secret_access_key: not here either');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const TEMPLATE = 'Resources:\n  Key: {Type: CloudStack::SSHKeyPair, Properties: {Name: k}}\n';
const SECRET_DOCUMENT = 'aws_secret_access_key: wJalrXUtnFEMI/K7MDENG\n';

const allowing = (raw: string): TemplateUrlFetchOptions => ({ allow: new TemplateUrlAllowList(parseTemplateUrlAllow(raw)) });
const NOTHING_ALLOWED: TemplateUrlFetchOptions = { allow: new TemplateUrlAllowList() };

/** The error a fetch fails with; fails the test if it succeeds. */
async function failure(url: string, options: TemplateUrlFetchOptions): Promise<TemplateUrlError> {
  try {
    await fetchTemplateUrl(url, options);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateUrlError);
    return error as TemplateUrlError;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe('templateurl: which addresses', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await serve('127.0.0.1', {
      '/t.yaml': (_q, r) => r.end(TEMPLATE),
      '/to-metadata': (_q, r) => r.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
      '/to-private': (_q, r) => r.writeHead(301, { location: 'http://10.0.0.1/t.yaml' }).end(),
      '/to-file': (_q, r) => r.writeHead(307, { location: 'file:///etc/passwd' }).end(),
      '/hop': (_q, r) => r.writeHead(302, { location: '/t.yaml' }).end(),
      '/loop': (_q, r) => r.writeHead(302, { location: '/loop' }).end(),
    });
  });
  afterAll(() => server.close());

  it('refuses a loopback server by default, before sending it anything', async () => {
    const before = server.requests.length;
    const error = await failure(`${server.url}/t.yaml`, NOTHING_ALLOWED);
    expect(error.message).toBe(TEMPLATE_URL_ERROR_TEXT);
    expect(error.reason).toBe('127.0.0.1 resolves to 127.0.0.1 (loopback), which CSF_TEMPLATE_URL_ALLOW does not allow');
    expect(server.requests.length).toBe(before);
  });

  it('refuses a host name once resolved: localhost is loopback', async () => {
    const error = await failure(`http://localhost:${server.port}/t.yaml`, NOTHING_ALLOWED);
    expect(error.reason).toMatch(/^localhost resolves to (127\.0\.0\.1|::1) \(loopback\)/);
  });

  it.each([
    ['http://[::ffff:127.0.0.1]:1/t.yaml', '::ffff:7f00:1', 'loopback (IPv4-mapped)'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'link-local'],
    ['http://10.1.2.3/t.yaml', '10.1.2.3', 'private'],
    ['http://100.64.0.1/t.yaml', '100.64.0.1', 'shared (CGNAT)'],
    ['http://[fd00::1]/t.yaml', 'fd00::1', 'unique-local'],
    ['http://0.0.0.0/t.yaml', '0.0.0.0', 'unspecified'],
    ['http://2130706433/t.yaml', '127.0.0.1', 'loopback'],
  ])('refuses %s', async (url, address, range) => {
    expect((await failure(url, NOTHING_ALLOWED)).reason).toContain(`resolves to ${address} (${range})`);
  });

  it('fetches from an address, subnet or host name the allow-list names', async () => {
    await expect(fetchTemplateUrl(`${server.url}/t.yaml`, allowing('127.0.0.1'))).resolves.toBe(TEMPLATE);
    await expect(fetchTemplateUrl(`${server.url}/t.yaml`, allowing('10.0.0.0/8, 127.0.0.0/8'))).resolves.toBe(TEMPLATE);
    await expect(fetchTemplateUrl(`http://localhost:${server.port}/t.yaml`, allowing('LocalHost'))).resolves.toBe(TEMPLATE);
  });

  it('vets every redirect: an allowed host cannot send the service to a refused address', async () => {
    const options = allowing('127.0.0.1');
    expect((await failure(`${server.url}/to-metadata`, options)).reason).toContain('169.254.169.254 (link-local)');
    expect((await failure(`${server.url}/to-private`, options)).reason).toContain('10.0.0.1 (private)');
    expect((await failure(`${server.url}/to-file`, options)).reason).toBe('scheme file: is not http or https');
    await expect(fetchTemplateUrl(`${server.url}/hop`, options)).resolves.toBe(TEMPLATE);
  });

  it('follows at most 5 redirects', async () => {
    const before = server.requests.length;
    expect((await failure(`${server.url}/loop`, allowing('127.0.0.1'))).reason).toBe('more than 5 redirects');
    expect(server.requests.length - before).toBe(6);
  });

  it('refuses schemes other than http and https, and text that is no URL', async () => {
    expect((await failure('file:///etc/passwd', NOTHING_ALLOWED)).message).toBe(TEMPLATE_URL_ERROR_TEXT);
    expect((await failure('ftp://example.org/t.yaml', NOTHING_ALLOWED)).reason).toBe('scheme ftp: is not http or https');
    expect((await failure('not a url', NOTHING_ALLOWED)).reason).toBe('not a URL');
  });
});

describe('templateurl: what comes back', () => {
  const CAP = 51_200;
  let server: TestServer;
  let streamed = { written: 0, closed: Promise.resolve() };
  beforeAll(async () => {
    server = await serve('127.0.0.1', {
      '/exact': (_q, r) => r.end('#'.repeat(CAP)),
      '/declared-too-big': (_q, r) => r.writeHead(200, { 'content-length': String(CAP + 1) }).end('#'.repeat(CAP + 1)),
      // 64 MiB without a Content-Length, written as fast as the client reads.
      '/endless': (_q, response) => {
        const chunk = Buffer.alloc(16_384, 'a');
        const total = 64 * 1024 * 1024;
        streamed = { written: 0, closed: new Promise((resolve) => response.on('close', resolve)) };
        const pump = () => {
          while (streamed.written < total) {
            streamed.written += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        pump();
      },
      '/secret-404': (_q, r) => r.writeHead(404).end(SECRET_DOCUMENT),
      '/secret-500': (_q, r) => r.writeHead(500).end(SECRET_DOCUMENT),
      '/silent': () => undefined,
    });
  });
  afterAll(() => server.close());
  const options = allowing('127.0.0.1');

  it('takes a body of exactly 51,200 bytes', async () => {
    await expect(fetchTemplateUrl(`${server.url}/exact`, options)).resolves.toHaveLength(CAP);
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    expect((await failure(`${server.url}/declared-too-big`, options)).reason).toBe(`Content-Length ${CAP + 1} is over ${CAP} bytes`);
  });

  // Buffering first and checking after would read all 64 MiB (the old code held 400 MB); the
  // jest timeout guards against that hang, the assertions say the client hung up early.
  it('stops reading an endless body as soon as it passes the cap', async () => {
    expect((await failure(`${server.url}/endless`, options)).reason).toBe(`the body is over ${CAP} bytes`);
    await streamed.closed;
    expect(streamed.written).toBeLessThan(64 * 1024 * 1024);
  }, 20_000);

  it('gives one text for every failure and never quotes the document', async () => {
    const errors = [
      await failure(`${server.url}/secret-404`, options),
      await failure(`${server.url}/secret-500`, options),
      await failure(`${server.url}/silent`, { ...options, limits: { timeoutMs: 300 } }),
      await failure(`http://no-such-host.invalid/t.yaml`, options),
      await failure(`http://127.0.0.1:1/t.yaml`, options),
    ];
    expect(errors.map((e) => e.reason)).toEqual([
      'HTTP 404',
      'HTTP 500',
      'no complete answer within 300 ms',
      expect.stringMatching(/^DNS lookup of no-such-host\.invalid failed \((ENOTFOUND|EAI_AGAIN)\)$/),
      'request failed (ECONNREFUSED)',
    ]);
    for (const error of errors) {
      expect(error.message).toBe(TEMPLATE_URL_ERROR_TEXT);
      expect(`${error.message} ${error.reason}`).not.toContain('aws_secret_access_key');
    }
  }, 20_000);
});
