import { CloudStackApi, type Credentials } from './api.js';
import { h, replaceChildren } from './dom.js';
import { clearCredentials, loadCredentials, saveCredentials } from './session.js';
import { createStackView } from './views/create-stack.js';
import { signInView } from './views/sign-in.js';
import { stackListView } from './views/stack-list.js';
import { stackPageView } from './views/stack-page.js';
import { updateStackView } from './views/update-stack.js';
import type { ConsoleSettings, View, ViewContext } from './views/view.js';

/**
 * The console's shell: a hash router (#/, #/create, #/stacks/<id>, #/stacks/<id>/update) so
 * that it works from static files, inside an iframe of CloudStack's UI as well.
 */
const main = document.getElementById('main') as HTMLElement;
const account = document.getElementById('account') as HTMLElement;
let current: View | undefined;
let settings: ConsoleSettings = { cloudStackUiUrl: null };

function show(view: View): void {
  current?.dispose?.();
  current = view;
  replaceChildren(main, view.element);
  main.focus({ preventScroll: true });
}

function signOut(): void {
  clearCredentials();
  route();
}

function route(): void {
  const credentials = loadCredentials();
  if (!credentials) {
    replaceChildren(account);
    show({ element: signInView((signedIn: Credentials) => (saveCredentials(signedIn), route())) });
    return;
  }
  replaceChildren(account, h('span', { class: 'key', title: 'API key' }, `${credentials.apiKey.slice(0, 8)}…`), h('button', { type: 'button', class: 'secondary', onclick: signOut }, 'Sign out'));
  const context: ViewContext = { api: new CloudStackApi(credentials), settings, navigate: (hash) => (location.hash = hash) };
  const path = location.hash.replace(/^#/, '') || '/';
  let match: RegExpMatchArray | null;
  if (path === '/create') show(createStackView(context));
  else if ((match = /^\/stacks\/([0-9a-fA-F-]{36})\/update$/.exec(path))) show(updateStackView(context, match[1]));
  else if ((match = /^\/stacks\/([0-9a-fA-F-]{36})$/.exec(path))) show(stackPageView(context, match[1]));
  else show(stackListView(context));
}

async function start(): Promise<void> {
  try {
    const response = await fetch(new URL('settings.json', document.baseURI));
    if (response.ok) settings = await response.json();
  } catch {
    // Without settings the console only loses its links to CloudStack's UI.
  }
  window.addEventListener('hashchange', route);
  route();
}

void start();
