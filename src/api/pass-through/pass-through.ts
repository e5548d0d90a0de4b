import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Context } from 'koa';
import { apiKeyOf, CloudStackApiError, paramError, renderError, RequestParams, responseFormatOf } from '../../cloudstack-api';
import { Caller } from '../../auth/caller';
import { CredentialDirectory } from '../../auth/credential-directory';
import type { Logger } from '../../logging/logger';
import { ManagementServerAsCaller } from './as-caller';
import { ManagementServerForwarder } from './forwarder';
import { IncomingRequest } from './incoming-request';
import { ManagementServerSessions } from './session-callers';

export interface PassThroughDeps {
  forwarder: ManagementServerForwarder;
  sessions: ManagementServerSessions;
  /** The service's key directory: the secret of a signed caller, to sign changed requests as them. */
  directory: CredentialDirectory;
  maxBodyBytes: number;
}

/** Reads a body the form parser left alone (another content type), bounded. */
async function readUnparsedBody(ctx: Context, limit: number): Promise<Buffer | 'too large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * One endpoint: /client/api answers the service's commands itself and hands every other one to
 * the management server as it came, its answer back as it came (status, content type, cookies,
 * body streamed). The service adds no credentials: the management server verifies the caller's
 * own signature or session and applies its own permission checks. Parameters never reach the log
 * (they carry passwords and user data): the command, the status and the time only.
 */
export class PassThrough {
  constructor(private readonly deps: PassThroughDeps) {}

  async forward(ctx: Context, incoming: IncomingRequest, params: RequestParams, logger: Logger): Promise<void> {
    const started = Date.now();
    const format = responseFormatOf(params);
    const fail = (error: CloudStackApiError) => {
      const rendered = renderError(params.command, error, format);
      ctx.status = rendered.status;
      ctx.type = rendered.contentType;
      ctx.body = rendered.body;
    };
    try {
      let body: string | Buffer | undefined = incoming.body;
      if (body === undefined && incoming.method === 'POST') {
        const read = await readUnparsedBody(ctx, this.deps.maxBodyBytes);
        if (read === 'too large') throw this.tooLarge();
        body = read;
      }
      if (body !== undefined && Buffer.byteLength(body) > this.deps.maxBodyBytes) throw this.tooLarge();
      const response = await this.deps.forwarder.send({ method: incoming.method, querystring: incoming.querystring, body, headers: ManagementServerForwarder.headersOf(incoming) });
      ctx.status = response.status;
      for (const [name, value] of ManagementServerForwarder.passedHeaders(response)) ctx.append(name, value);
      // Content-Type is set above, so Koa keeps it for the stream instead of writing its own.
      ctx.body = response.body ? Readable.fromWeb(response.body as WebReadableStream) : '';
      if (params.command === 'logout') this.deps.sessions.forget(incoming);
    } catch (error) {
      if (!(error instanceof CloudStackApiError)) throw error;
      fail(error);
    }
    logger.info({ status: ctx.status, ms: Date.now() - started }, 'api request forwarded');
  }

  /** A request that names a management-server session rather than carrying a signature. */
  isSessionRequest(incoming: IncomingRequest, params: RequestParams): boolean {
    return ManagementServerSessions.isSessionRequest(incoming, params);
  }

  sessionCaller(incoming: IncomingRequest, params: RequestParams): Promise<Caller> {
    return this.deps.sessions.callerOf(incoming, params);
  }

  /** The management server as this (authenticated) caller, for the commands that merge answers. */
  asCaller(incoming: IncomingRequest, params: RequestParams): ManagementServerAsCaller {
    const apiKey = apiKeyOf(params);
    const proof = apiKey === undefined ? { kind: 'session' as const } : { kind: 'signature' as const, apiKey };
    return new ManagementServerAsCaller(this.deps.forwarder, this.deps.directory, incoming, params, proof);
  }

  private tooLarge(): CloudStackApiError {
    return paramError(`Form too large: request body is larger than ${this.deps.maxBodyBytes} bytes`);
  }
}
