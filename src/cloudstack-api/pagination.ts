import { paramError } from './api-error';

export const MAX_PAGE_SIZE = 500;

export interface Paging {
  page: number;
  pagesize: number;
}

function positiveInteger(name: string, raw: string): number {
  if (!/^-?\d+$/.test(raw.trim())) throw paramError(`Unable to execute API command due to invalid value. Invalid parameter ${name} value=${raw} due to incorrect type: expected integer`);
  return Number(raw);
}

/**
 * page and pagesize each require the other; pagesize is capped at 500. Without both the whole
 * list is answered (undefined).
 */
export function parsePaging(params: Record<string, string | undefined>): Paging | undefined {
  const { page, pagesize } = params;
  if (page === undefined && pagesize === undefined) return undefined;
  if (page !== undefined && pagesize === undefined) throw paramError('"pagesize" parameter is required when "page" is specified');
  if (pagesize !== undefined && page === undefined) throw paramError('"page" parameter is required when "pagesize" is specified');
  const p = positiveInteger('page', page as string);
  const size = positiveInteger('pagesize', pagesize as string);
  if (size > MAX_PAGE_SIZE) throw paramError(`Page size can't exceed max allowed page size value: ${MAX_PAGE_SIZE}`);
  if (p < 1 || size < 1) throw paramError('Page and pagesize must be positive integers');
  return { page: p, pagesize: size };
}

export function paginate<T>(items: T[], paging: Paging | undefined): T[] {
  if (!paging) return items;
  const start = (paging.page - 1) * paging.pagesize;
  return items.slice(start, start + paging.pagesize);
}
