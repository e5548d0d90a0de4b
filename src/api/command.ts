import { ApiSpec } from '../../api-spec/types';
import { Caller } from '../auth/caller';
import type { Logger } from '../logging/logger';
import { RequestParams } from '../cloudstack-api';
import { ParsedParams } from './param-parser';
import type { ManagementServerAsCaller } from './pass-through/as-caller';

export interface ApiRequest {
  caller: Caller;
  spec: ApiSpec;
  params: ParsedParams;
  /** The request's parameters as received (e.g. for map parameters under other names). */
  raw: RequestParams;
  logger: Logger;
  /**
   * The management server as this caller, when the service is its one endpoint (CSF_PASS_THROUGH):
   * for commands that answer for both (listApis, listAsyncJobs, queryAsyncJobResult).
   */
  managementServer?: ManagementServerAsCaller;
}

/**
 * A command's behaviour: validates what the spec cannot express, calls a service, maps the
 * result to the payload inside the envelope. Never touches repositories.
 */
export type ApiHandler = (request: ApiRequest) => Promise<object>;

export interface CommandDefinition {
  spec: ApiSpec;
  handler: ApiHandler;
}
