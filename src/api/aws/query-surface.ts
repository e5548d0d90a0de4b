import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from '../../logging/logger';
import { AwsError } from './aws-error';
import type { AwsOperation, AwsServices } from './operation';
import { CHANGE_SET_OPERATIONS } from './operations/change-set-operations';
import { CROSS_STACK_OPERATIONS } from './operations/cross-stack-operations';
import { INSPECT_OPERATIONS } from './operations/inspect-operations';
import { RECOVERY_OPERATIONS } from './operations/recovery-operations';
import { STACK_OPERATIONS } from './operations/stack-operations';
import { STACK_POLICY_OPERATIONS } from './operations/stack-policy-operations';
import { readQueryInput } from './query-input';
import { CLOUDFORMATION_MODEL } from './service-model';
import type { SigV4Verifier } from './sigv4-verifier';
import { toAwsError } from './to-aws-error';
import { writeErrorResponse, writeQueryResponse } from './xml-output';

export const AWS_OPERATIONS: Record<string, AwsOperation> = { ...STACK_OPERATIONS, ...INSPECT_OPERATIONS, ...CHANGE_SET_OPERATIONS, ...RECOVERY_OPERATIONS, ...CROSS_STACK_OPERATIONS, ...STACK_POLICY_OPERATIONS };

const API_VERSION = CLOUDFORMATION_MODEL.metadata.apiVersion;

export interface AwsQuerySurfaceDeps {
  verifier: SigV4Verifier;
  services: AwsServices;
  logger: Logger;
  /** The CloudStack endpoint's path, which never answers in AWS's protocol. */
  cloudStackPath: string;
}

/** The flat form as sent: the first value of a repeated name, as AWS's query parser takes it. */
function formParams(rawBody: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(rawBody)) if (!params.has(key)) params.set(key, value);
  return params;
}

/** Whether a request is for this surface: a form POST carrying an Action, to any path but CloudStack's. */
function isAwsQuery(ctx: Koa.Context, cloudStackPath: string): boolean {
  if (ctx.method !== 'POST' || ctx.path === cloudStackPath || !ctx.is('application/x-www-form-urlencoded')) return false;
  const raw = (ctx.request as { rawBody?: string }).rawBody;
  return typeof raw === 'string' && new URLSearchParams(raw).has('Action');
}

/**
 * The AWS CloudFormation Query API (protocol `query`): routed by method, content type and Action,
 * so the JSON protocol (application/x-amz-json-1.0 with X-Amz-Target) can be added beside it.
 * SigV4 first, then the operation, read and answered through the service model.
 */
export function awsQuerySurface(deps: AwsQuerySurfaceDeps): Koa.Middleware {
  return async (ctx, next) => {
    if (!isAwsQuery(ctx, deps.cloudStackPath)) return next();
    const requestId = randomUUID();
    const rawBody = (ctx.request as { rawBody?: string }).rawBody as string;
    const params = formParams(rawBody);
    const action = params.get('Action') as string;
    const logger = deps.logger.child({ requestId, action });
    const started = Date.now();
    let status = 200;
    try {
      const { caller, region } = await deps.verifier.verify({
        method: ctx.method, path: ctx.path, query: ctx.query as Record<string, string | string[]>, headers: ctx.headers, host: ctx.host, rawBody,
      });
      const operation = Object.hasOwn(AWS_OPERATIONS, action) ? AWS_OPERATIONS[action] : undefined;
      const model = CLOUDFORMATION_MODEL.operations[action];
      if (!operation || !model) throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${API_VERSION}`);
      if (params.get('Version') !== API_VERSION) {
        throw new AwsError('NoSuchVersion', `The requested version (${params.get('Version') ?? ''}) of service AmazonCloudFormation does not exist`);
      }
      const input = readQueryInput(CLOUDFORMATION_MODEL, model.input?.shape, params);
      const result = await operation({ caller, region, input, logger: logger.child({ userId: caller.userId, accountId: caller.accountId }) }, deps.services);
      ctx.body = writeQueryResponse(CLOUDFORMATION_MODEL, action, result, requestId);
    } catch (error) {
      const wire = toAwsError(error);
      status = wire.status;
      if (!(error instanceof AwsError)) {
        if (wire.status >= 500) logger.error({ err: error }, 'operation failed');
        else logger.warn({ code: wire.code, reason: wire.message }, 'operation refused');
      }
      ctx.body = writeErrorResponse(wire.type, wire.code, wire.message, requestId);
    }
    ctx.status = status;
    ctx.type = 'text/xml';
    ctx.set('x-amzn-RequestId', requestId);
    // No parameters in the log: a template or a NoEcho parameter value may be among them.
    logger.info({ status, ms: Date.now() - started }, 'aws api request');
  };
}
