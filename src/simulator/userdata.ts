import { paramError } from '../cloudstack-api';

/** CloudStack's limits on base64 user data: a GET URL carries 4 KB of it, a POST body 1 MB. */
export const MAX_USERDATA_GET = 4096;
export const MAX_USERDATA_POST = 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Validates user data as the server does before anything is created; answers it normalised. */
export function validateUserData(userData: string, method: 'GET' | 'POST'): string {
  const compact = userData.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) throw paramError('User data is not base64 encoded');
  if (method === 'GET' && compact.length > MAX_USERDATA_GET) throw paramError('User data is too long for an http GET request');
  if (compact.length > MAX_USERDATA_POST) throw paramError('User data is too long for POST request');
  return compact;
}
