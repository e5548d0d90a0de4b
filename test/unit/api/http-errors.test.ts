import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp } from '../../../src/api/app';
import { signalRoutes } from '../../../src/api/signal-route';
import { ApiSpecRegistry } from '../../../src/api/spec-registry';
import type { ApiSpec } from '../../../api-spec/types';
import type { Authenticator } from '../../../src/auth/authenticator';
import type { Caller } from '../../../src/auth/caller';
import { ValidationError } from '../../../src/errors';
import type { SignalService } from '../../../src/engine/signal-service';
import { createLogger } from '../../../src/logging/logger';

const TOKEN = 'c2VjcmV0LXNpZ25hbC10b2tlbg';

const spec = (name: string): ApiSpec => ({ name, description: name, isasync: false, since: '4.0', params: [], response: [] });
const caller = { userId: 'u', username: 'alice', accountId: 'a', accountName: 'alice', domainId: 'd', domainName: 'ROOT', domainPath: 'ROOT', roleType: 'User', apiKey: 'k' } as Caller;

describe('how request errors are logged', () => {
  const lines: string[] = [];
  let server: Server;
  let base: string;
  let stderr: jest.SpyInstance;

  beforeAll(async () => {
    const logger = createLogger({ destination: new Writable({ write(chunk, _encoding, done) { lines.push(...String(chunk).split('\n').filter((l) => l !== '')); done(); } }) });
    const app = createApp({
      authenticator: { authenticate: async () => caller } as unknown as Authenticator,
      specs: new ApiSpecRegistry([spec('refuseThing'), spec('breakThing')]),
      commands: [
        { spec: spec('refuseThing'), handler: async () => { throw new ValidationError('Template format error: Resources: expected an object'); } },
        { spec: spec('breakThing'), handler: async () => { throw new Error('a fault in a command'); } },
      ],
      logger,
      readiness: [],
      extraRoutes: (router) => {
        // The body limit is checked before any signal is looked up, so no service is needed.
        signalRoutes(router, {} as SignalService);
        router.get('/boom', () => {
          throw new Error('a fault here');
        });
      },
    });
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    lines.length = 0;
    stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => stderr.mockRestore());

  it('logs an over-size signal body (413) as one JSON line at warn, without a stack or the token', async () => {
    const response = await fetch(`${base}/signal/${TOKEN}`, { method: 'PUT', body: 'x'.repeat(100 * 1024), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'Payload Too Large' });
    expect(stderr).not.toHaveBeenCalled();
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toEqual(expect.objectContaining({ level: 40, msg: 'request refused', status: 413, method: 'PUT', route: '/signal/:token', reason: 'signal body too large' }));
    expect(lines[0]).not.toMatch(/stack|\bat \S+ \(|\\n\s+at /);
    expect(lines[0]).not.toContain(TOKEN);
  });

  it('logs a fault (5xx) at error with its stack, and answers without it', async () => {
    const response = await fetch(`${base}/boom`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'Internal Server Error' });
    expect(stderr).not.toHaveBeenCalled();
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toEqual(expect.objectContaining({ level: 50, msg: 'request failed', status: 500, route: '/boom' }));
    expect(line.err.stack).toContain('a fault here');
  });

  it('logs a command the caller got wrong (431) at warn, without a stack', async () => {
    const response = await fetch(`${base}/client/api?command=refuseThing&response=json`);
    expect(response.status).toBe(431);
    const refused = lines.map((l) => JSON.parse(l)).filter((l) => l.msg !== 'api request');
    expect(refused).toEqual([expect.objectContaining({ level: 40, msg: 'command refused', errorcode: 431, reason: 'Template format error: Resources: expected an object' })]);
    expect(lines.join('\n')).not.toMatch(/stack|\bat \S+ \(/);
  });

  it('logs a fault in a command (530) at error, with its stack', async () => {
    const response = await fetch(`${base}/client/api?command=breakThing&response=json`);
    expect(response.status).toBe(530);
    const failed = lines.map((l) => JSON.parse(l)).filter((l) => l.msg !== 'api request');
    expect(failed).toEqual([expect.objectContaining({ level: 50, msg: 'command failed' })]);
    expect(failed[0].err.stack).toContain('a fault in a command');
  });
});
