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
/** Signed in by the CloudStack UI's session (found at start) rather than by keys. */
let inUiSession = false;

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
  if (!credentials && !inUiSession) {
    replaceChildren(account);
    show({ element: signInView((signedIn: Credentials) => (saveCredentials(signedIn), route())) });
    return;
  }
  if (credentials) replaceChildren(account, h('span', { class: 'key', title: 'API key' }, `${credentials.apiKey.slice(0, 8)}…`), h('button', { type: 'button', class: 'secondary', onclick: signOut }, 'Sign out'));
  // Signing out of the UI's session here would sign the user out of CloudStack's UI as well.
  else replaceChildren(account, h('span', { class: 'key', title: "Requests go in your CloudStack UI session" }, 'CloudStack session'));
  const context: ViewContext = { api: new CloudStackApi(credentials ?? null), settings, navigate: (hash) => (location.hash = hash) };
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
  // Framed by CloudStack's UI on the same site, the UI's session cookies reach /client/api: one
  // unsigned call tells whether there is such a session, and then no keys are needed.
  if (!loadCredentials()) {
    try {
      await new CloudStackApi(null).call('listStacks', { page: '1', pagesize: '1' });
      inUiSession = true;
    } catch {
      inUiSession = false;
    }
  }
  window.addEventListener('hashchange', route);
  route();
}

void start();
