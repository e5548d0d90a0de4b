import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CloudStackTransportError } from '../../../src/client';
import { httpTransport } from '../../../src/client/http-transport';

/** A real HTTP server on a free port; `handle` answers each request. */
async function serve(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<{ url: string; server: Server; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/client/api`,
    server,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<CloudStackTransportError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CloudStackTransportError);
    return error as CloudStackTransportError;
  }
  throw new Error('the request succeeded');
}

describe('the HTTP transport (node:http, kept-alive connections)', () => {
  it('sends the form and headers as given, and answers the status, the body and the headers', async () => {
    const seen: Array<{ method?: string; type?: string; length?: string; body: string }> = [];
    const srv = await serve((req, body, res) => {
      seen.push({ method: req.method, type: req.headers['content-type'], length: req.headers['content-length'], body });
      res.writeHead(429, { 'content-type': 'application/json', 'Retry-After': '7' });
      res.end('{"errorresponse":{"errorcode":429,"errortext":"limit ünïcode"}}');
    });
    try {
      const response = await httpTransport({ method: 'POST', url: srv.url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'command=listZones&name=z%C3%BC', timeoutMs: 5_000 });
      expect(response.status).toBe(429);
      expect(response.header('retry-after')).toBe('7');
      expect(response.header('Retry-After')).toBe('7');
      expect(response.header('x-none')).toBeUndefined();
      expect(response.body).toBe('{"errorresponse":{"errorcode":429,"errortext":"limit ünïcode"}}');
      expect(seen).toEqual([{ method: 'POST', type: 'application/x-www-form-urlencoded', length: String(Buffer.byteLength('command=listZones&name=z%C3%BC')), body: 'command=listZones&name=z%C3%BC' }]);
    } finally {
      await srv.close();
    }
  });

  it('keeps the connection for the next call, and reads a large body whole', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const srv = await serve((req, _body, res) => res.end(req.url?.includes('big') ? big : 'ok'));
    try {
      for (let i = 0; i < 5; i++) expect((await httpTransport({ method: 'GET', url: `${srv.url}?i=${i}`, headers: {}, timeoutMs: 5_000 })).body).toBe('ok');
      expect((await httpTransport({ method: 'GET', url: `${srv.url}?big`, headers: {}, timeoutMs: 5_000 })).body).toBe(big);
      expect(srv.connections()).toBe(1);
    } finally {
      await srv.close();
    }
  });

  it('opens a new connection when the server closed the idle one', async () => {
    const srv = await serve((_req, _body, res) => res.end('ok'));
    srv.server.keepAliveTimeout = 50;
    try {
      expect((await httpTransport({ method: 'GET', url: srv.url, headers: {}, timeoutMs: 5_000 })).body).toBe('ok');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await httpTransport({ method: 'GET', url: srv.url, headers: {}, timeoutMs: 5_000 })).body).toBe('ok');
      expect(srv.connections()).toBe(2);
    } finally {
      await srv.close();
    }
  });

  it('fails a refused connection as never sent', async () => {
    const srv = await serve(() => undefined);
    const url = srv.url;
    await srv.close();
    const error = await failure(httpTransport({ method: 'POST', url, headers: {}, body: 'command=deployVirtualMachine', timeoutMs: 5_000 }));
    expect(error).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', mayHaveReachedServer: false });
  });

  it('fails a call with no answer in time as a timeout that may have reached the server', async () => {
    const srv = await serve(() => undefined);
    try {
      const started = Date.now();
      const error = await failure(httpTransport({ method: 'POST', url: srv.url, headers: {}, body: 'command=deployVirtualMachine', timeoutMs: 300 }));
      expect(error).toMatchObject({ kind: 'timeout', mayHaveReachedServer: true, message: 'No response within 300 ms' });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await srv.close();
    }
  });

  it('fails a response cut off in the middle as a network failure that reached the server', async () => {
    const srv = await serve((_req, _body, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 50);
    });
    try {
      const error = await failure(httpTransport({ method: 'GET', url: srv.url, headers: {}, timeoutMs: 5_000 }));
      expect(error).toMatchObject({ kind: 'network', mayHaveReachedServer: true });
    } finally {
      await srv.close();
    }
  });
});
