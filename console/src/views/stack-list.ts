import { h, replaceChildren } from '../dom.js';
import { formatDate, isInProgress, statusBadge } from '../status.js';
import { errorAlert } from './alerts.js';
import { poller, type View, type ViewContext } from './view.js';

const PAGE_SIZE = 20;

const STATUSES = ['CREATE_IN_PROGRESS', 'CREATE_COMPLETE', 'CREATE_FAILED', 'ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE', 'UPDATE_FAILED', 'UPDATE_ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED', 'DELETE_IN_PROGRESS', 'DELETE_FAILED', 'DELETE_COMPLETE'];

interface StackRow {
  id: string;
  name: string;
  status: string;
  statusreason?: string;
  created?: string;
  updated?: string;
}

/** The stacks the user may see, filtered by status and keyword on the server, a page at a time. */
export function stackListView(context: ViewContext): View {
  let page = 1;
  const keyword = h('input', { id: 'stack-search', type: 'search', name: 'keyword', placeholder: 'name or keyword' });
  const status = h('select', { id: 'stack-status', name: 'status' }, h('option', { value: '' }, 'Any status'), STATUSES.map((s) => h('option', { value: s }, s)));
  const body = h('tbody');
  const message = h('div', { 'aria-live': 'polite' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });

  const render = (stacks: StackRow[], count: number) => {
    replaceChildren(
      body,
      stacks.map((stack) =>
        h(
          'tr',
          { 'data-stack-id': stack.id },
          h('td', {}, h('a', { href: `#/stacks/${stack.id}` }, stack.name)),
          h('td', {}, statusBadge(stack.status)),
          h('td', { class: 'reason' }, stack.statusreason ?? ''),
          h('td', {}, formatDate(stack.created)),
          h('td', {}, formatDate(stack.updated)),
        ),
      ),
    );
    replaceChildren(message, count === 0 ? h('p', { class: 'empty' }, 'No stacks match.') : null);
    const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
    replaceChildren(
      pager,
      h('button', { type: 'button', class: 'secondary', disabled: page <= 1, onclick: () => go(page - 1) }, 'Previous'),
      h('span', {}, `Page ${page} of ${pages} (${count} stack${count === 1 ? '' : 's'})`),
      h('button', { type: 'button', class: 'secondary', disabled: page >= pages, onclick: () => go(page + 1) }, 'Next'),
    );
  };

  const load = async (): Promise<boolean> => {
    const params: Record<string, string> = { listall: 'true', page: String(page), pagesize: String(PAGE_SIZE) };
    if (keyword.value.trim()) params.keyword = keyword.value.trim();
    if (status.value) params.status = status.value;
    try {
      const answer = await context.api.call('listStacks', params);
      const stacks = (answer.stack ?? []) as StackRow[];
      render(stacks, answer.count ?? 0);
      return stacks.some((s) => isInProgress(s.status));
    } catch (error) {
      replaceChildren(message, errorAlert(error));
      return false;
    }
  };
  const refresh = poller(3000, load);
  const go = (target: number) => {
    page = target;
    refresh.start();
  };

  const filters = h(
    'form',
    { class: 'filters', role: 'search', onsubmit: (event: Event) => (event.preventDefault(), go(1)) },
    h('label', { for: 'stack-search' }, 'Search'),
    keyword,
    h('label', { for: 'stack-status' }, 'Status'),
    status,
    h('button', { type: 'submit', class: 'secondary' }, 'Filter'),
  );
  status.addEventListener('change', () => go(1));
  const element = h(
    'section',
    { 'aria-labelledby': 'stacks-title' },
    h('div', { class: 'title-row' }, h('h1', { id: 'stacks-title' }, 'Stacks'), h('a', { class: 'button', href: '#/create' }, 'Create stack')),
    filters,
    h('div', { class: 'table-wrap' }, h('table', { class: 'stacks' }, h('thead', {}, h('tr', {}, ['Name', 'Status', 'Reason', 'Created', 'Updated'].map((c) => h('th', { scope: 'col' }, c)))), body)),
    message,
    pager,
  );
  refresh.start();
  return { element, dispose: () => refresh.stop() };
}
