import { h, replaceChildren } from '../dom.js';

export interface ExampleTemplate {
  name: string;
  description: string;
  body: string;
}

/**
 * Where a template comes from: one of the service's examples or a file the user picks (read in
 * the browser and sent as templatebody). Calls `onTemplate` with each new body.
 */
export function templateSource(examples: ExampleTemplate[], onTemplate: (body: string, label: string) => void, extra?: { label: string; value: string }): HTMLElement {
  const example = h('select', { id: 'template-example', name: 'example' }, h('option', { value: '' }, 'Choose an example…'), examples.map((e) => h('option', { value: e.name }, `${e.name}${e.description ? ` — ${e.description.slice(0, 70)}` : ''}`)));
  const file = h('input', { id: 'template-file', name: 'file', type: 'file', accept: '.yaml,.yml,.json,.template,text/yaml,application/json' });
  const note = h('div', { class: 'hint', 'aria-live': 'polite' });
  example.addEventListener('change', () => {
    const chosen = examples.find((e) => e.name === example.value);
    if (!chosen) return;
    file.value = '';
    replaceChildren(note, `Example ${chosen.name}`);
    onTemplate(chosen.body, chosen.name);
  });
  file.addEventListener('change', async () => {
    const picked = file.files?.[0];
    if (!picked) return;
    example.value = '';
    replaceChildren(note, `File ${picked.name}`);
    onTemplate(await picked.text(), picked.name);
  });
  return h(
    'fieldset',
    { class: 'template-source' },
    h('legend', {}, extra ? extra.label : 'Template'),
    h('div', { class: 'field' }, h('label', { for: 'template-example' }, 'An example'), example),
    h('div', { class: 'field' }, h('label', { for: 'template-file' }, 'Or a template file (YAML or JSON)'), file),
    note,
  );
}

export async function loadExamples(): Promise<ExampleTemplate[]> {
  const response = await fetch(new URL('examples.json', document.baseURI));
  return response.ok ? ((await response.json()) as ExampleTemplate[]) : [];
}
