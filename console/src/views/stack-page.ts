import { ApiError } from '../api.js';
import { cloudStackUiLink } from '../cloudstack-links.js';
import { h, replaceChildren } from '../dom.js';
import { DependencyGraph, type GraphNode } from '../graph.js';
import { highlightTemplate } from '../highlight.js';
import { formatDate, isInProgress, statusBadge } from '../status.js';
import { parseTemplate, type TemplateModel } from '../template-model.js';
import { confirmDialog, errorAlert } from './alerts.js';
import { poller, type View, type ViewContext } from './view.js';

interface Stack {
  id: string;
  name: string;
  description?: string;
  status: string;
  statusreason?: string;
  created?: string;
  updated?: string;
  account?: string;
  parameters?: Array<{ key: string; value: string }>;
  outputs?: Array<{ key: string; value: string; description?: string; exportname?: string }>;
  terminationprotection?: boolean;
}

interface Resource {
  logicalid: string;
  physicalid?: string;
  type: string;
  status: string;
  statusreason?: string;
  updated?: string;
}

interface StackEvent {
  id: string;
  timestamp: string;
  logicalid: string;
  physicalid?: string;
  resourcetype: string;
  status: string;
  statusreason?: string;
}

/** What the service shows instead of a NoEcho value. */
const MASK = '****';

const CANCELLABLE = ['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS'];

function section(id: string, title: string, ...content: (Node | null)[]): HTMLElement {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...content);
}

function table(headers: string[], body: HTMLTableSectionElement, className: string): HTMLElement {
  return h('div', { class: 'table-wrap' }, h('table', { class: className }, h('thead', {}, h('tr', {}, headers.map((c) => h('th', { scope: 'col' }, c)))), body));
}

function maskedValue(value: string): Node {
  return value === MASK ? h('span', { class: 'masked', title: 'NoEcho: the value is never shown' }, MASK) : document.createTextNode(value);
}

/**
 * One stack: its dependency graph coloured by status, events, resources, outputs, parameters
 * and template, refreshed every two seconds while an operation is in progress.
 */
export function stackPageView(context: ViewContext, stackId: string): View {
  const header = h('div', { class: 'stack-header' });
  const message = h('div', { 'aria-live': 'polite' });
  const resourcesBody = h('tbody');
  // A node leads to its resource's row: its CloudStack id, status reason and link.
  const graph = new DependencyGraph('Dependency graph of the stack resources', (logicalId) => {
    const row = [...resourcesBody.rows].find((r) => r.dataset.logicalId === logicalId);
    if (!row) return;
    row.scrollIntoView({ block: 'center' });
    row.focus();
  });
  const eventsBody = h('tbody');
  const outputsBody = h('tbody');
  const parametersBody = h('tbody');
  const templateHolder = h('div');
  let template: TemplateModel | undefined;
  let templateFor: string | undefined;

  const legend = h('ul', { class: 'legend', 'aria-label': 'Colours' }, [
    ['progress', 'in progress'], ['complete', 'complete'], ['failed', 'failed or rolled back'], ['deleted', 'deleted'], ['pending', 'not started'],
  ].map(([tone, label]) => h('li', {}, h('span', { class: `swatch tone-${tone}` }), label)));

  // A large stack is shown whole, scaled to the page; "Actual size" shows it at full size, scrolling.
  const graphWrap = h('div', { class: 'graph-wrap fit' }, graph.element);
  const zoom = h('button', { type: 'button', class: 'secondary small', 'aria-pressed': 'false' }, 'Actual size');
  zoom.addEventListener('click', () => {
    const actual = graphWrap.classList.toggle('fit') === false;
    zoom.setAttribute('aria-pressed', String(actual));
  });

  const renderHeader = (stack: Stack) => {
    const actions: HTMLElement[] = [];
    const finished = stack.status === 'DELETE_COMPLETE';
    if (!finished && !isInProgress(stack.status)) actions.push(h('a', { class: 'button secondary', href: `#/stacks/${stack.id}/update` }, 'Update'));
    if (CANCELLABLE.includes(stack.status)) actions.push(h('button', { type: 'button', class: 'secondary', onclick: () => cancel(stack) }, 'Cancel operation'));
    if (!finished && stack.status !== 'DELETE_IN_PROGRESS') actions.push(h('button', { type: 'button', class: 'danger', onclick: () => remove(stack) }, 'Delete'));
    replaceChildren(
      header,
      h('div', { class: 'title-row' }, h('h1', { id: 'stack-title' }, stack.name), statusBadge(stack.status), h('div', { class: 'actions' }, actions)),
      stack.statusreason ? h('p', { class: 'reason' }, stack.statusreason) : null,
      stack.description ? h('p', { class: 'description' }, stack.description) : null,
      h('p', { class: 'meta' }, `Created ${formatDate(stack.created)}`, stack.updated ? ` · updated ${formatDate(stack.updated)}` : '', stack.account ? ` · account ${stack.account}` : '', ` · id ${stack.id}`, stack.terminationprotection ? ' · termination protection on: Delete is refused until it is turned off' : ''),
    );
  };

  const renderGraph = (resources: Resource[], status: string) => {
    const listed = new Map(resources.map((r) => [r.logicalid, r]));
    const declared = template?.resources ?? {};
    // While a create runs, resources not started yet are drawn from the template; once it ends,
    // only what exists (a resource whose Condition is false never does).
    const ids = new Set(listed.keys());
    if (status === 'CREATE_IN_PROGRESS' || status.startsWith('UPDATE_IN_PROGRESS')) for (const [id, r] of Object.entries(declared)) if (!r.condition || listed.has(id)) ids.add(id);
    const nodes: GraphNode[] = [...ids].map((id) => ({ id, type: listed.get(id)?.type ?? declared[id]?.type ?? '', status: listed.get(id)?.status }));
    const edges: Array<[string, string]> = [];
    for (const id of ids) for (const dependency of declared[id]?.dependsOn ?? []) if (ids.has(dependency)) edges.push([dependency, id]);
    graph.update(nodes, edges);
  };

  const renderResources = (resources: Resource[]) =>
    replaceChildren(
      resourcesBody,
      resources.map((r) => {
        const link = cloudStackUiLink(context.settings.cloudStackUiUrl, r.type, r.physicalid);
        return h(
          'tr',
          { 'data-logical-id': r.logicalid, tabindex: -1 },
          h('td', {}, r.logicalid),
          h('td', {}, r.type),
          h('td', { class: 'mono' }, link ? h('a', { href: link, target: '_top', rel: 'noopener' }, r.physicalid ?? '') : (r.physicalid ?? '')),
          h('td', {}, statusBadge(r.status)),
          h('td', { class: 'reason' }, r.statusreason ?? ''),
          h('td', {}, formatDate(r.updated)),
        );
      }),
    );

  const renderEvents = (events: StackEvent[]) =>
    replaceChildren(
      eventsBody,
      events.map((e) =>
        h('tr', {}, h('td', {}, formatDate(e.timestamp)), h('td', {}, e.logicalid), h('td', {}, e.resourcetype), h('td', {}, statusBadge(e.status)), h('td', { class: 'reason' }, e.statusreason ?? '')),
      ),
    );

  const renderOutputs = (stack: Stack) => {
    const outputs = stack.outputs ?? [];
    replaceChildren(outputsBody, outputs.length ? outputs.map((o) => h('tr', { 'data-output': o.key }, h('th', { scope: 'row' }, o.key), h('td', { class: 'mono' }, maskedValue(String(o.value))), h('td', {}, o.description ?? ''), h('td', { class: 'mono' }, o.exportname ?? ''))) : h('tr', {}, h('td', { colspan: 4, class: 'empty' }, isInProgress(stack.status) ? 'Outputs appear when the stack is complete.' : 'No outputs.')));
    replaceChildren(parametersBody, (stack.parameters ?? []).map((p) => h('tr', { 'data-parameter': p.key }, h('th', { scope: 'row' }, p.key), h('td', { class: 'mono' }, maskedValue(String(p.value))))));
  };

  const loadTemplate = async (stack: Stack) => {
    // A new template comes with an update: read it again whenever the stack's updated time moves.
    const version = stack.updated ?? stack.created ?? '';
    if (templateFor === version) return;
    const answer = await context.api.call('getStackTemplate', { stackid: stack.id });
    const body = String(answer.stacktemplate?.templatebody ?? answer.templatebody ?? '');
    try {
      template = parseTemplate(body);
    } catch {
      template = { resources: {} };
    }
    templateFor = version;
    replaceChildren(templateHolder, highlightTemplate(body));
  };

  const load = async (): Promise<boolean> => {
    try {
      const answer = await context.api.call('listStacks', { id: stackId, listall: 'true' });
      const stack = (answer.stack ?? [])[0] as Stack | undefined;
      if (!stack) {
        replaceChildren(header, h('h1', {}, 'Stack not found'));
        replaceChildren(message, h('p', {}, 'No stack with this id is visible to you.'));
        return false;
      }
      await loadTemplate(stack);
      const [resources, events] = await Promise.all([
        context.api.listAll<Resource>('listStackResources', 'stackresource', { stackid: stackId }),
        context.api.call('listStackEvents', { stackid: stackId, page: '1', pagesize: '200' }),
      ]);
      renderHeader(stack);
      renderGraph(resources, stack.status);
      renderResources(resources);
      renderEvents((events.stackevent ?? []) as StackEvent[]);
      renderOutputs(stack);
      replaceChildren(message);
      return isInProgress(stack.status);
    } catch (error) {
      replaceChildren(message, errorAlert(error));
      return !(error instanceof ApiError && error.errorcode < 500);
    }
  };
  const refresh = poller(2000, load);

  const cancel = async (stack: Stack) => {
    if (!(await confirmDialog('Cancel the operation?', `The ${stack.status.replace(/_/g, ' ').toLowerCase()} of ${stack.name} stops and what it changed is rolled back.`, 'Cancel operation'))) return;
    try {
      await context.api.call('cancelStackOperation', { id: stack.id });
      refresh.start();
    } catch (error) {
      replaceChildren(message, errorAlert(error));
    }
  };

  const remove = async (stack: Stack) => {
    if (!(await confirmDialog(`Delete ${stack.name}?`, `Stack ${stack.name} and every CloudStack object it created are deleted (resources with DeletionPolicy Retain are kept).`, 'Delete stack'))) return;
    try {
      await context.api.call('deleteStack', { id: stack.id });
      refresh.start();
    } catch (error) {
      replaceChildren(message, errorAlert(error));
    }
  };

  const element = h(
    'article',
    { class: 'stack-page', 'aria-labelledby': 'stack-title' },
    h('p', {}, h('a', { href: '#/' }, '← Stacks')),
    header,
    message,
    section('graph-title', 'Dependency graph', h('div', { class: 'graph-tools' }, legend, zoom), graphWrap),
    h(
      'div',
      { class: 'columns' },
      section('outputs-title', 'Outputs', table(['Key', 'Value', 'Description', 'Exported as'], outputsBody, 'outputs')),
      section('parameters-title', 'Parameters', table(['Key', 'Value'], parametersBody, 'parameters')),
    ),
    section('events-title', 'Events', h('div', { class: 'events-scroll' }, table(['Time', 'Logical ID', 'Type', 'Status', 'Reason'], eventsBody, 'events'))),
    section('resources-title', 'Resources', table(['Logical ID', 'Type', 'Physical ID', 'Status', 'Reason', 'Updated'], resourcesBody, 'resources')),
    h('section', { class: 'card', 'aria-labelledby': 'template-title' }, h('details', {}, h('summary', {}, h('h2', { id: 'template-title' }, 'Template')), templateHolder)),
  );
  refresh.start();
  return { element, dispose: () => refresh.stop() };
}
