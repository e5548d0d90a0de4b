import { ApiSpec } from '../../api-spec/types';
import { Caller } from '../auth/caller';
import type { Logger } from '../logging/logger';
import { RequestParams } from '../cloudstack-api';
import { ParsedParams } from './param-parser';

export interface ApiRequest {
  caller: Caller;
  spec: ApiSpec;
  params: ParsedParams;
  /** The request's parameters as received (e.g. for map parameters under other names). */
  raw: RequestParams;
  logger: Logger;
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
