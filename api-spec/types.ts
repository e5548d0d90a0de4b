import type { RoleType } from '../src/auth/caller';

export type ParamType = 'string' | 'uuid' | 'boolean' | 'integer' | 'long' | 'map' | 'list' | 'date';

export interface ParamSpec {
  name: string;
  type: ParamType;
  required: boolean;
  description: string;
  /** Longest accepted value, in characters (CloudStack's default is 255). */
  length?: number;
  /** Commands that produce values for this parameter, comma-separated. */
  related?: string;
  since?: string;
}

export interface ResponseFieldSpec {
  name: string;
  type: string;
  description: string;
}

/** One command, declared: drives listApis, parameter parsing and docs/api.md. No behaviour. */
export interface ApiSpec {
  name: string;
  description: string;
  isasync: boolean;
  since: string;
  /** Commands related to this one, comma-separated. */
  related?: string;
  /** Roles that may call it; all when absent. */
  roles?: RoleType[];
  params: ParamSpec[];
  response: ResponseFieldSpec[];
}

export const DEFAULT_PARAM_LENGTH = 255;
