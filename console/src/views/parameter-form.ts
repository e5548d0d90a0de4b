import { ApiError } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { parametersNamedIn } from '../error-fields.js';

/** A template parameter as validateTemplate describes it. */
export interface DescribedParameter {
  name: string;
  type: string;
  defaultvalue?: string;
  description?: string;
  noecho: boolean;
  allowedvalues?: string[];
}

export interface ParameterFields {
  element: HTMLElement;
  /** Values to send: a field left empty is left out (its default, or on update its previous value). */
  values(): Record<string, string>;
  /** Marks the field an error names; answers whether one did. */
  showError(error: unknown): boolean;
  clearErrors(): void;
}

function fieldId(name: string): string {
  return `param-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * One field per parameter, typed from its declaration: a list of allowed values is a select, a
 * Number a number field, a NoEcho parameter a password field; its description is the field's hint.
 */
export function parameterFields(parameters: DescribedParameter[], current: Record<string, string> = {}, leaveNoEchoEmpty = false): ParameterFields {
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const errors = new Map<string, HTMLElement>();
  const rows = parameters.map((parameter) => {
    const id = fieldId(parameter.name);
    const initial = current[parameter.name] ?? parameter.defaultvalue ?? '';
    const describedBy = `${id}-hint ${id}-error`;
    let input: HTMLInputElement | HTMLSelectElement;
    if (parameter.allowedvalues?.length) {
      input = h('select', { id, name: parameter.name, 'aria-describedby': describedBy }, parameter.allowedvalues.map((value) => h('option', { value, selected: value === initial }, value)));
    } else {
      const secret = parameter.noecho;
      input = h('input', {
        id,
        name: parameter.name,
        type: secret ? 'password' : parameter.type === 'Number' ? 'number' : 'text',
        value: secret && leaveNoEchoEmpty ? '' : initial === '****' ? '' : initial,
        placeholder: secret && leaveNoEchoEmpty ? 'unchanged' : '',
        autocomplete: secret ? 'new-password' : 'off',
        'aria-describedby': describedBy,
        spellcheck: 'false',
      });
    }
    inputs.set(parameter.name, input);
    const error = h('div', { id: `${id}-error`, class: 'field-error', 'aria-live': 'polite' });
    errors.set(parameter.name, error);
    const hint = [parameter.type, parameter.noecho ? 'NoEcho' : '', parameter.description ?? ''].filter(Boolean).join(' · ');
    return h('div', { class: 'field', 'data-parameter': parameter.name }, h('label', { for: id }, parameter.name), input, h('div', { id: `${id}-hint`, class: 'hint' }, hint), error);
  });
  const element = h('fieldset', { class: 'parameters' }, h('legend', {}, 'Parameters'), rows.length ? rows : h('p', { class: 'hint' }, 'This template has no parameters.'));
  const clearErrors = () => {
    for (const [name, error] of errors) {
      replaceChildren(error);
      inputs.get(name)?.removeAttribute('aria-invalid');
    }
  };
  return {
    element,
    values() {
      const out: Record<string, string> = {};
      for (const [name, input] of inputs) if (input.value !== '') out[name] = input.value;
      return out;
    },
    clearErrors,
    showError(error) {
      if (!(error instanceof ApiError)) return false;
      let shown = false;
      for (const name of parametersNamedIn(error.errortext)) {
        const input = inputs.get(name);
        if (!input) continue;
        input.setAttribute('aria-invalid', 'true');
        replaceChildren(errors.get(name)!, error.errortext);
        if (!shown) input.focus();
        shown = true;
      }
      return shown;
    },
  };
}
