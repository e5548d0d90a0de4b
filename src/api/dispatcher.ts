import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { Authenticator } from '../auth/authenticator';
import { CloudStackApiError, collectParams, lowercaseParamNames, parseFormBody, renderError, renderPayload, RenderedResponse, RequestParams, responseFormatOf, unknownCommand } from '../cloudstack-api';
import { toCloudStackError } from '../errors';
import { Logger, scrubParams } from '../logging/logger';
import { Caller } from '../auth/caller';
import { CommandDefinition } from './command';
import { forwardedResponseOf, IncomingRequest, incomingRequestOf, PassThrough } from './pass-through';
import { parseParams } from './param-parser';
import { ApiSpecRegistry } from './spec-registry';

export interface DispatcherDeps {
  authenticator: Authenticator;
  specs: ApiSpecRegistry;
  commands: CommandDefinition[];
  logger: Logger;
  /** One endpoint (CSF_PASS_THROUGH): other commands go to the management server; sessions are accepted. */
  passThrough?: PassThrough;
}


/**
 * `/client/api`: parameters from query and form body, authentication first (as the management
 * server: even an unknown command needs a valid signature), then the spec, then the handler.
 */
export function createDispatcher(deps: DispatcherDeps): (ctx: Context) => Promise<void> {
  const handlers = new Map(deps.commands.map((c) => [c.spec.name, c.handler]));
  for (const spec of deps.specs.all()) if (!handlers.has(spec.name)) throw new Error(`api spec ${spec.name} has no handler`);
  return async (ctx) => {
    const requestId = (ctx.get('x-request-id') || randomUUID()).slice(0, 64);
    ctx.set('X-Request-Id', requestId);
    // The raw form is read flat: the body parser's nesting would mangle map parameters (tags[0].key).
    const raw = (ctx.request as { rawBody?: string }).rawBody;
    const params = collectParams(ctx.query as Record<string, unknown>, typeof raw === 'string' ? parseFormBody(raw) : undefined);
    const logger = deps.logger.child({ requestId, command: params.command });
    const incoming = incomingRequestOf(ctx);
    // Not one of the service's commands: the management server's to answer, parameters unlogged.
    if (deps.passThrough && !handlers.has(params.command ?? '')) return deps.passThrough.forward(ctx, incoming, params, logger);
    const started = Date.now();
    const answer = await respond(deps, handlers, params, logger, incoming);
    ctx.status = answer.status;
    ctx.type = answer.contentType;
    ctx.body = answer.body;
    logger.info({ status: answer.status, ms: Date.now() - started, params: scrubParams(params) }, 'api request');
  };
}

async function authenticate(deps: DispatcherDeps, params: RequestParams, incoming: IncomingRequest): Promise<Caller> {
  const { passThrough } = deps;
  if (passThrough?.isSessionRequest(incoming, params)) return passThrough.sessionCaller(incoming, params);
  return deps.authenticator.authenticate(params);
}

async function respond(deps: DispatcherDeps, handlers: Map<string, CommandDefinition['handler']>, params: RequestParams, logger: Logger, incoming: IncomingRequest): Promise<RenderedResponse> {
  const format = responseFormatOf(params);
  const command = params.command;
  let envelope: string | undefined;
  try {
    const caller = await authenticate(deps, params, incoming);
    const spec = command ? deps.specs.forRole(command, caller.roleType) : undefined;
    if (!spec) throw unknownCommand(command ?? '');
    envelope = spec.name;
    const handler = handlers.get(spec.name) as CommandDefinition['handler'];
    // The signature covers the names as sent; the command reads them lowercased, as
    // CloudStack's ParamUnpackWorker does (Libcloud sends zoneId, diskOfferingId).
    const named = lowercaseParamNames(params);
    const parsed = parseParams(spec, named);
    const managementServer = deps.passThrough?.asCaller(incoming, params);
    const payload = await handler({ caller, spec, params: parsed, raw: named, logger: logger.child({ userId: caller.userId, accountId: caller.accountId }), managementServer });
    return forwardedResponseOf(payload) ?? renderPayload(spec.name, payload, format);
  } catch (error) {
    const forwarded = forwardedResponseOf(error);
    if (forwarded) return forwarded;
    const wire = toCloudStackError(error);
    // Errors already in CloudStack's terms were meant for the caller. Of the service's own, a
    // fault here (5xx) is logged with its stack; a refusal (4xx, e.g. a template error) is the
    // caller's mistake: one line at warn with the text it was answered, no stack.
    if (!(error instanceof CloudStackApiError)) {
      if (wire.errorcode >= 500) logger.error({ err: error }, 'command failed');
      else logger.warn({ errorcode: wire.errorcode, reason: wire.errortext }, 'command refused');
    }
    return renderError(envelope, wire, format);
  }
}
