import { CloudStackApi, type Credentials } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { errorAlert } from './alerts.js';

/**
 * Sign-in with the user's CloudStack API key and secret key, the credentials cmk uses. They are
 * checked by one signed call; a wrong pair shows CloudStack's own 401 text.
 */
export function signInView(onSignedIn: (credentials: Credentials) => void): HTMLElement {
  const status = h('div', { 'aria-live': 'polite' });
  const apiKey = h('input', { id: 'apikey', name: 'apikey', autocomplete: 'username', required: true, spellcheck: 'false' });
  const secretKey = h('input', { id: 'secretkey', name: 'secretkey', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    h('p', { class: 'hint' }, "Your CloudStack user's API key and secret key (in CloudStack's UI: your user's page, Generate keys). They stay in this browser tab: every request is signed here. Opened from CloudStack's UI on the same site, the console uses your UI session instead."),
    h('label', { for: 'apikey' }, 'API key'),
    apiKey,
    h('label', { for: 'secretkey' }, 'Secret key'),
    secretKey,
    status,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const credentials = { apiKey: apiKey.value.trim(), secretKey: secretKey.value.trim() };
    submit.disabled = true;
    replaceChildren(status, 'Checking the keys…');
    try {
      await new CloudStackApi(credentials).call('listStacks', { page: '1', pagesize: '1' });
      onSignedIn(credentials);
    } catch (error) {
      replaceChildren(status, errorAlert(error));
      submit.disabled = false;
    }
  });
  return form;
}
