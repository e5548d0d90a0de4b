import {
  apiKeyOf, CloudStackApiError, internalError, lowercaseParamNames, paramError, renderError, responseFormatOf,
  unauthorized, unknownCommand, verifySignature, type RenderedResponse, type RequestParams,
} from '../cloudstack-api';
import { CommandContext } from './context';
import { renderAnswer, renderCommandError } from './envelope';
import { apiLimitExceeded } from './errors';
import { validateParams } from './param-validation';
import type { SimulatorRuntime } from './runtime';
import type { SessionVerdict } from './session-commands';

export interface ApiRequest {
  params: RequestParams;
  method: 'GET' | 'POST';
  /** The request's session, when its JSESSIONID named a live one (see session-commands). */
  session?: SessionVerdict;
}

/** ApiServlet's text for a session request whose session key does not match. */
const SESSION_REFUSED = 'unable to verify user credentials';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One /client/api request, in the order the management server applies its checks: command
 * present, credentials and signature (401), rate limit (429), command available to the caller
 * (432), parameters (431), then the command itself.
 */
function signedCaller(sim: SimulatorRuntime, params: RequestParams) {
  const apiKey = apiKeyOf(params);
  const caller = apiKey === undefined ? undefined : sim.callerByApiKey(apiKey);
  return caller && verifySignature(params, caller.user.secretKey).ok ? caller : undefined;
}

export async function dispatch(sim: SimulatorRuntime, request: ApiRequest): Promise<RenderedResponse> {
  const { params } = request;
  const format = responseFormatOf(params);
  const commandName = params.command;
  if (!commandName) return renderError(undefined, paramError('Unable to execute API command due to missing parameter command'), format);
  sim.statistics.recordCall(commandName);
  if (sim.knobs.apiLatencyMs > 0) await sleep(sim.knobs.apiLatencyMs);
  try {
    if (request.session?.kind === 'invalid') {
      sim.statistics.recordError(commandName);
      return renderError(undefined, new CloudStackApiError(401, SESSION_REFUSED), format);
    }
    // A live session acts for its user without a signature (ApiServer.verifyRequest with a userId).
    const caller = request.session?.kind === 'valid' ? request.session.caller : signedCaller(sim, params);
    if (!caller) {
      sim.statistics.recordError(commandName);
      return renderError(undefined, unauthorized(), format);
    }
    const exempt = caller.role === 'Admin' && !sim.knobs.throttleRootAdmin;
    const retryAfter = exempt ? undefined : sim.throttle.hit(caller.account.id, sim.knobs.throttle);
    if (retryAfter !== undefined) {
      sim.statistics.throttled += 1;
      throw apiLimitExceeded(retryAfter);
    }
    const spec = sim.registry.find(commandName);
    if (!spec || !(spec.roles ?? ['Admin', 'DomainAdmin', 'User']).includes(caller.role)) {
      sim.statistics.recordError(commandName);
      return renderError(undefined, unknownCommand(commandName), format);
    }
    // Signed as sent, read lowercased (ParamUnpackWorker): Libcloud sends zoneId, diskOfferingId.
    const commandParams = lowercaseParamNames(params);
    validateParams(spec, commandParams);
    const payload = await spec.handler(new CommandContext(sim, spec, commandParams, caller, request.method));
    return renderAnswer(spec, payload, format);
  } catch (err) {
    sim.statistics.recordError(commandName);
    const error = err instanceof CloudStackApiError ? err : internalError();
    if (!(err instanceof CloudStackApiError)) process.emitWarning(`simulator: ${commandName} failed: ${(err as Error).stack ?? err}`);
    const known = sim.registry.find(commandName);
    return known ? renderCommandError(known, error, format) : renderError(undefined, error, format);
  }
}
