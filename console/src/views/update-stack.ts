import { ApiError, mapParam } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { errorAlert } from './alerts.js';
import { parameterFields, type DescribedParameter, type ParameterFields } from './parameter-form.js';
import { loadExamples, templateSource } from './template-source.js';
import type { View, ViewContext } from './view.js';

interface ChangeDetail {
  target?: { attribute?: string; name?: string; requiresrecreation?: string };
  changesource?: string;
  causingentity?: string;
  evaluation?: string;
}

interface Change {
  action: 'Add' | 'Modify' | 'Remove';
  logicalresourceid: string;
  physicalresourceid?: string;
  resourcetype: string;
  replacement?: string;
  details?: ChangeDetail[];
}

const ACTION_SYMBOL: Record<string, string> = { Add: '+', Modify: '~', Remove: '−' };

/** How a change reads, as `csf stack plan` prints it: add, modify in place, replace, remove. */
function changeLabel(change: Change): string {
  if (change.action !== 'Modify') return change.action === 'Add' ? 'add' : 'remove';
  if (change.replacement === 'True') return 'replace';
  if (change.replacement === 'Conditional') return 'modify, may replace';
  return 'modify in place';
}

function detailText(detail: ChangeDetail): string {
  const what = detail.target?.name ?? detail.target?.attribute ?? '';
  const cause = detail.causingentity ? `${detail.changesource ?? ''} ${detail.causingentity}`.trim() : (detail.changesource ?? '');
  const forces = detail.target?.requiresrecreation === 'Always' ? ' (forces replacement)' : '';
  return `${what}${cause ? `: ${cause}` : ''}${forces}`;
}

/**
 * Update a stack in two steps, as a change set: the new template (or the current one) and
 * parameter values are sent to createChangeSet, its changes shown as a table, and only
 * "Execute" changes anything. Leaving the page discards the change set.
 */
export function updateStackView(context: ViewContext, stackId: string): View {
  let body: string | undefined;
  let fields: ParameterFields | undefined;
  let stack: Record<string, any> | undefined;
  let pendingChangeSet: string | undefined;
  const message = h('div', { 'aria-live': 'polite' });
  const parametersHolder = h('div');
  const diff = h('div', { 'aria-live': 'polite' });
  const preview = h('button', { type: 'submit', disabled: true }, 'Preview changes');
  const title = h('h1', { id: 'update-title' }, 'Update stack');

  const showParameters = async (templateBody: string) => {
    const answer = await context.api.call('validateTemplate', { templatebody: templateBody });
    const current = Object.fromEntries(((stack?.parameters ?? []) as Array<{ key: string; value: string }>).map((p) => [p.key, p.value]));
    fields = parameterFields((answer.template?.parameters ?? []) as DescribedParameter[], current, true);
    replaceChildren(parametersHolder, fields.element);
    preview.disabled = false;
  };

  const useTemplate = async (text: string | undefined) => {
    body = text;
    preview.disabled = true;
    replaceChildren(diff);
    try {
      const templateBody = text ?? String((await context.api.call('getStackTemplate', { stackid: stackId })).stacktemplate?.templatebody ?? '');
      await showParameters(templateBody);
      replaceChildren(message);
    } catch (error) {
      replaceChildren(message, errorAlert(error));
    }
  };

  const discard = async () => {
    const id = pendingChangeSet;
    pendingChangeSet = undefined;
    if (id) await context.api.call('deleteChangeSet', { id }).catch(() => undefined);
  };

  const renderChanges = (changeSet: Record<string, any>) => {
    const changes = (changeSet.changes ?? []) as Change[];
    const counts = { add: 0, change: 0, replace: 0, remove: 0 };
    for (const c of changes) {
      if (c.action === 'Add') counts.add++;
      else if (c.action === 'Remove') counts.remove++;
      else if (c.replacement === 'True') counts.replace++;
      else counts.change++;
    }
    const execute = h('button', { type: 'button', class: 'danger' }, 'Execute change set');
    execute.addEventListener('click', async () => {
      execute.disabled = true;
      try {
        await context.api.call('executeChangeSet', { id: changeSet.id });
        pendingChangeSet = undefined;
        context.navigate(`#/stacks/${stackId}`);
      } catch (error) {
        execute.disabled = false;
        replaceChildren(message, errorAlert(error));
      }
    });
    replaceChildren(
      diff,
      h('h2', { id: 'changes-title' }, `Change set ${changeSet.name}`),
      h('p', { class: 'summary' }, `${counts.add} to add, ${counts.change} to change, ${counts.replace} to replace, ${counts.remove} to remove.`),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'changes', 'aria-labelledby': 'changes-title' },
          h('thead', {}, h('tr', {}, ['', 'Logical ID', 'Type', 'Physical ID', 'Action', 'What changes'].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            changes.map((c) =>
              h(
                'tr',
                { class: `change-${changeLabel(c).split(/[ ,]/)[0]}`, 'data-logical-id': c.logicalresourceid },
                h('td', { class: 'symbol', 'aria-hidden': 'true' }, c.action === 'Modify' && c.replacement === 'True' ? '−/+' : ACTION_SYMBOL[c.action]),
                h('td', {}, c.logicalresourceid),
                h('td', {}, c.resourcetype),
                h('td', { class: 'mono' }, c.physicalresourceid ?? ''),
                h('td', {}, changeLabel(c)),
                h('td', {}, h('ul', { class: 'details' }, (c.details ?? []).map((d) => h('li', {}, detailText(d))))),
              ),
            ),
          ),
        ),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => void discard().then(() => replaceChildren(diff)) }, 'Discard'), execute),
    );
  };

  const form = h(
    'form',
    { class: 'card update-form', 'aria-labelledby': 'update-title', novalidate: true },
    h('p', {}, h('a', { href: `#/stacks/${stackId}` }, '← Back to the stack')),
    title,
    h('div', { id: 'template-choice' }),
    parametersHolder,
    message,
    h('div', { class: 'actions' }, preview),
    diff,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fields?.clearErrors();
    preview.disabled = true;
    await discard();
    replaceChildren(diff, h('p', {}, 'Computing the change set…'));
    try {
      const template: Record<string, string> = body === undefined ? { useprevioustemplate: 'true' } : { templatebody: body };
      const created = await context.api.call('createChangeSet', { name: `console-${Date.now()}`, stackname: stackId, ...template, ...mapParam('parameters', fields?.values() ?? {}) });
      pendingChangeSet = created.id;
      await context.api.waitForJob(created.jobid, 500);
      const listed = await context.api.call('listChangeSets', { id: created.id });
      const changeSet = (listed.changeset ?? [])[0];
      if (!changeSet) throw new ApiError(530, 'the change set disappeared');
      if (changeSet.status === 'FAILED') {
        await discard();
        replaceChildren(diff, h('p', { class: 'alert', role: 'status' }, changeSet.statusreason ?? 'The change set failed.'));
      } else renderChanges(changeSet);
    } catch (error) {
      replaceChildren(diff);
      if (!fields?.showError(error)) replaceChildren(message, errorAlert(error));
    } finally {
      preview.disabled = false;
    }
  });

  void (async () => {
    try {
      stack = ((await context.api.call('listStacks', { id: stackId, listall: 'true' })).stack ?? [])[0];
      if (!stack) return replaceChildren(message, errorAlert(new ApiError(431, 'No stack with this id is visible to you')));
      replaceChildren(title, `Update ${stack.name}`);
      const examples = await loadExamples();
      const keep = h('label', { class: 'inline' }, h('input', { type: 'checkbox', id: 'use-previous', checked: true }), ' Keep the current template');
      const source = templateSource(examples, (text) => {
        (keep.querySelector('input') as HTMLInputElement).checked = false;
        void useTemplate(text);
      }, { label: 'Or a new template', value: '' });
      keep.querySelector('input')!.addEventListener('change', (e) => {
        if ((e.target as HTMLInputElement).checked) void useTemplate(undefined);
      });
      form.querySelector('#template-choice')!.replaceWith(h('div', {}, keep, source));
      await useTemplate(undefined);
    } catch (error) {
      replaceChildren(message, errorAlert(error));
    }
  })();
  return { element: form, dispose: () => void discard() };
}
