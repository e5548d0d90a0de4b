import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { Authenticator } from '../auth/authenticator';
import { CloudStackApiError, collectParams, lowercaseParamNames, parseFormBody, renderError, renderPayload, RenderedResponse, RequestParams, responseFormatOf, unknownCommand } from '../cloudstack-api';
import { toCloudStackError } from '../errors';
import { Logger, scrubParams } from '../logging/logger';
import { CommandDefinition } from './command';
import { parseParams } from './param-parser';
import { ApiSpecRegistry } from './spec-registry';

export interface DispatcherDeps {
  authenticator: Authenticator;
  specs: ApiSpecRegistry;
  commands: CommandDefinition[];
  logger: Logger;
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
    const started = Date.now();
    const answer = await respond(deps, handlers, params, logger);
    ctx.status = answer.status;
    ctx.type = answer.contentType;
    ctx.body = answer.body;
    logger.info({ status: answer.status, ms: Date.now() - started, params: scrubParams(params) }, 'api request');
  };
}

async function respond(deps: DispatcherDeps, handlers: Map<string, CommandDefinition['handler']>, params: RequestParams, logger: Logger): Promise<RenderedResponse> {
  const format = responseFormatOf(params);
  const command = params.command;
  let envelope: string | undefined;
  try {
    const caller = await deps.authenticator.authenticate(params);
    const spec = command ? deps.specs.forRole(command, caller.roleType) : undefined;
    if (!spec) throw unknownCommand(command ?? '');
    envelope = spec.name;
    const handler = handlers.get(spec.name) as CommandDefinition['handler'];
    // The signature covers the names as sent; the command reads them lowercased, as
    // CloudStack's ParamUnpackWorker does (Libcloud sends zoneId, diskOfferingId).
    const named = lowercaseParamNames(params);
    const parsed = parseParams(spec, named);
    const payload = await handler({ caller, spec, params: parsed, raw: named, logger: logger.child({ userId: caller.userId, accountId: caller.accountId }) });
    return renderPayload(spec.name, payload, format);
  } catch (error) {
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
