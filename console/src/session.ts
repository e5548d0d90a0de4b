import type { Credentials } from './api.js';

/**
 * The keys live in this tab's session storage only: closing the tab signs out, and nothing
 * reaches the server but signatures. A page framed by another site (CloudStack's UI on another
 * host) may be denied storage by the browser's third-party rules; the keys then live in this
 * page's memory only, and a reload asks for them again.
 */
const KEY = 'csf.console.credentials';
let inMemory: Credentials | undefined;

function storage(): Storage | undefined {
  try {
    const store = window.sessionStorage;
    store.getItem(KEY);
    return store;
  } catch {
    return undefined;
  }
}

export function loadCredentials(): Credentials | undefined {
  const store = storage();
  if (!store) return inMemory;
  const raw = store.getItem(KEY);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw);
    return typeof parsed.apiKey === 'string' && typeof parsed.secretKey === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function saveCredentials(credentials: Credentials): void {
  const store = storage();
  if (store) store.setItem(KEY, JSON.stringify(credentials));
  else inMemory = credentials;
}

export function clearCredentials(): void {
  storage()?.removeItem(KEY);
  inMemory = undefined;
}
