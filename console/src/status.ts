import { h } from './dom.js';

export type StatusTone = 'progress' | 'complete' | 'failed' | 'deleted' | 'pending';

/** The colour family of a CloudFormation status: what an operator must notice first. */
export function statusTone(status: string | undefined): StatusTone {
  if (!status) return 'pending';
  if (status === 'DELETE_COMPLETE') return 'deleted';
  if (status.endsWith('_IN_PROGRESS') || status === 'CREATE_PENDING') return 'progress';
  if (status.endsWith('_FAILED') || status === 'FAILED' || status.startsWith('ROLLBACK') || status.startsWith('UPDATE_ROLLBACK')) return 'failed';
  if (status.endsWith('_COMPLETE')) return 'complete';
  return 'pending';
}

export function isInProgress(status: string | undefined): boolean {
  return statusTone(status) === 'progress';
}

export function statusBadge(status: string | undefined): HTMLElement {
  return h('span', { class: `badge tone-${statusTone(status)}`, 'data-status': status ?? 'NOT_STARTED' }, status ?? 'NOT STARTED');
}

/** CloudStack's dates (2026-01-01T12:00:00+0000) in the reader's local time. */
export function formatDate(value: string | undefined): string {
  if (!value) return '';
  const date = new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}
