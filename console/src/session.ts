import type { Credentials } from './api.js';

/**
 * The keys live in this tab's session storage only: closing the tab signs out, and nothing
 * reaches the server but signatures.
 */
const KEY = 'csf.console.credentials';

export function loadCredentials(): Credentials | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw);
    return typeof parsed.apiKey === 'string' && typeof parsed.secretKey === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function saveCredentials(credentials: Credentials): void {
  sessionStorage.setItem(KEY, JSON.stringify(credentials));
}

export function clearCredentials(): void {
  sessionStorage.removeItem(KEY);
}
