import { ApiError, mapParam } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { errorAlert } from './alerts.js';
import { parameterFields, type DescribedParameter, type ParameterFields } from './parameter-form.js';
import { loadExamples, templateSource } from './template-source.js';
import type { View, ViewContext } from './view.js';

/**
 * Create a stack: a template (an example or a file), validated by the service, becomes a form
 * of its parameters; errors the service names a field for are shown on that field.
 */
export function createStackView(context: ViewContext): View {
  let body = '';
  let fields: ParameterFields | undefined;
  const message = h('div', { 'aria-live': 'polite' });
  const parametersHolder = h('div');
  const name = h('input', { id: 'stack-name', name: 'name', required: true, maxlength: 128, pattern: '[A-Za-z][A-Za-z0-9-]*', 'aria-describedby': 'stack-name-hint stack-name-error', spellcheck: 'false' });
  const nameError = h('div', { id: 'stack-name-error', class: 'field-error', 'aria-live': 'polite' });
  const onFailure = h('select', { id: 'on-failure', name: 'onfailure' }, ['ROLLBACK', 'DO_NOTHING', 'DELETE'].map((v) => h('option', { value: v }, v)));
  const submit = h('button', { type: 'submit', disabled: true }, 'Create stack');

  const useTemplate = async (text: string) => {
    body = text;
    submit.disabled = true;
    replaceChildren(message, 'Validating the template…');
    replaceChildren(parametersHolder);
    try {
      const answer = await context.api.call('validateTemplate', { templatebody: body });
      fields = parameterFields((answer.template?.parameters ?? []) as DescribedParameter[]);
      replaceChildren(parametersHolder, fields.element);
      replaceChildren(message, answer.template?.description ? h('p', { class: 'description' }, answer.template.description) : null);
      submit.disabled = false;
    } catch (error) {
      replaceChildren(message, errorAlert(error));
    }
  };

  const form = h(
    'form',
    { class: 'card create-form', 'aria-labelledby': 'create-title', novalidate: true },
    h('h1', { id: 'create-title' }, 'Create stack'),
    h('div', { class: 'field' }, h('label', { for: 'stack-name' }, 'Stack name'), name, h('div', { id: 'stack-name-hint', class: 'hint' }, 'A letter, then letters, digits and hyphens; unique in your account.'), nameError),
    h('div', { id: 'template-source-holder' }),
    parametersHolder,
    h('div', { class: 'field' }, h('label', { for: 'on-failure' }, 'On failure'), onFailure),
    message,
    h('div', { class: 'actions' }, h('a', { class: 'button secondary', href: '#/' }, 'Cancel'), submit),
  );
  void loadExamples().then((examples) => form.querySelector('#template-source-holder')!.replaceWith(templateSource(examples, (text) => void useTemplate(text))));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fields?.clearErrors();
    replaceChildren(nameError);
    name.removeAttribute('aria-invalid');
    submit.disabled = true;
    try {
      const answer = await context.api.call('createStack', { name: name.value.trim(), templatebody: body, onfailure: onFailure.value, ...mapParam('parameters', fields?.values() ?? {}) });
      context.navigate(`#/stacks/${answer.id}`);
    } catch (error) {
      submit.disabled = false;
      if (fields?.showError(error)) return replaceChildren(message);
      if (error instanceof ApiError && /\bname\b/i.test(error.errortext) && !/parameter '/i.test(error.errortext)) {
        name.setAttribute('aria-invalid', 'true');
        replaceChildren(nameError, error.errortext);
        name.focus();
        return replaceChildren(message);
      }
      replaceChildren(message, errorAlert(error));
    }
  });
  return { element: form };
}
