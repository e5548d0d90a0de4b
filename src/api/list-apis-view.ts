import { ApiSpec } from '../../api-spec/types';
import { listApisEntry } from '../cloudstack-api';

/** One of the service's commands as listApis shows it (the shape lives with CloudStack's conventions). */
export function toListApisEntry(spec: ApiSpec): Record<string, unknown> {
  return listApisEntry(spec);
}
