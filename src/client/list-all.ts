import { MAX_PAGE_SIZE } from '../cloudstack-api';
import { CallParams } from './build-request';

export type ListCall = <T>(command: string, params: CallParams) => Promise<T>;

/**
 * Every object a list command returns, page after page. `count` is the total across pages, so
 * paging stops as soon as that many objects arrived, or at a short page when a server omits it.
 */
export async function listAll<T>(call: ListCall, command: string, params: CallParams, objectKey: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const payload = await call<Record<string, unknown>>(command, { ...params, page, pagesize: MAX_PAGE_SIZE });
    const chunk = Array.isArray(payload[objectKey]) ? (payload[objectKey] as T[]) : [];
    items.push(...chunk);
    const total = typeof payload.count === 'number' ? payload.count : undefined;
    if (chunk.length < MAX_PAGE_SIZE || (total !== undefined && items.length >= total)) return items;
  }
}
