import { ApiError } from '../api.js';
import { h } from '../dom.js';

/** An error as the console shows it: CloudStack's own text and code. */
export function errorAlert(error: unknown): HTMLElement {
  const text = error instanceof ApiError ? `${error.errortext} (error ${error.errorcode})` : String(error instanceof Error ? error.message : error);
  return h('div', { class: 'alert', role: 'alert' }, text);
}

/** A modal question; resolves true when the user confirms. Escape and Cancel answer false. */
export function confirmDialog(title: string, message: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' });
    const finish = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(
      h('h2', { id: 'confirm-title' }, title),
      h('p', {}, message),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => finish(false) }, 'Cancel'), h('button', { type: 'button', class: 'danger', onclick: () => finish(true) }, confirmLabel)),
    );
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}
