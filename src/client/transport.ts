/** What the client hands to HTTP, and what it needs back: nothing tied to one HTTP library. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Header lookup, case-insensitive (only Retry-After is read). */
  header(name: string): string | undefined;
  body: string;
}

/** Sends one request; fails with CloudStackTransportError when no HTTP response arrived. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;
