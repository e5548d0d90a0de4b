import { RequestParams, signParams } from '../../cloudstack-api';
import { CredentialDirectory } from '../../auth/credential-directory';
import { ManagementServerForwarder } from './forwarder';
import { ForwardedAnswer, ForwardedRefusal } from './forwarded-answer';
import { IncomingRequest } from './incoming-request';
import { managementServerUnreachable } from './management-server-unreachable';

/** How the caller proved who they are: their signature, or a session of the management server. */
export type CallerProof = { kind: 'signature'; apiKey: string } | { kind: 'session' };

/** Parameters that belong to one request's proof of identity, never to what it asks. */
const PROOF_PARAMS = new Set(['apikey', 'signature', 'signatureversion', 'expires', 'sessionkey']);

/** How long a request the service signs for the caller stays valid. */
const SIGNED_LIFETIME_SECONDS = 300;

/**
 * The management server as the caller sees it, for the service's commands that merge its answer
 * with their own (listApis, listAsyncJobs, queryAsyncJobResult). Never the service's admin keys:
 * either the caller's request goes on unchanged, or a changed one is signed with the caller's own
 * keys (the service holds them to verify signatures) or sent in the caller's own session. The
 * management server applies its own checks to the caller either way.
 */
export class ManagementServerAsCaller {
  constructor(
    private readonly forwarder: ManagementServerForwarder,
    private readonly directory: CredentialDirectory,
    private readonly incoming: IncomingRequest,
    private readonly params: RequestParams,
    private readonly proof: CallerProof,
  ) {}

  /** The caller's own request, unchanged, and the management server's answer as it came. */
  async original(): Promise<ForwardedAnswer> {
    const response = await this.forwarder.send({
      method: this.incoming.method,
      querystring: this.incoming.querystring,
      body: this.incoming.body,
      headers: ManagementServerForwarder.headersOf(this.incoming),
    });
    const body = await this.forwarder.text(response);
    return new ForwardedAnswer({ status: response.status, contentType: response.headers.get('content-type') ?? 'text/plain', body });
  }

  /**
   * The caller's request with `changes` applied (undefined removes a parameter), as JSON; the
   * payload inside the envelope. A refusal throws ForwardedRefusal, to reach the client as it is.
   */
  async json(changes: Record<string, string | undefined>): Promise<Record<string, unknown>> {
    const params: RequestParams = {};
    for (const [key, value] of Object.entries(this.params)) if (!PROOF_PARAMS.has(key.toLowerCase())) params[key] = value;
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) delete params[key];
      else params[key] = value;
    }
    params.response = 'json';
    const headers = ManagementServerForwarder.headersOf({ ...this.incoming, contentType: 'application/x-www-form-urlencoded' });
    let sent: RequestParams;
    if (this.proof.kind === 'signature') {
      const identity = await this.directory.lookup(this.proof.apiKey);
      if (!identity) throw managementServerUnreachable('it no longer knows the api key of this request');
      sent = signParams(params, this.proof.apiKey, identity.secretKey, { expiresInSeconds: SIGNED_LIFETIME_SECONDS });
      delete headers.cookie;
    } else {
      sent = this.params.sessionkey === undefined ? params : { ...params, sessionkey: this.params.sessionkey };
    }
    const response = await this.forwarder.send({ method: 'POST', querystring: '', body: new URLSearchParams(sent).toString(), headers });
    const text = await this.forwarder.text(response);
    const contentType = response.headers.get('content-type') ?? 'text/plain';
    if (response.status !== 200) throw new ForwardedRefusal(new ForwardedAnswer({ status: response.status, contentType, body: text }));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw managementServerUnreachable('its answer was not JSON');
    }
    const key = `${String(params.command).toLowerCase()}response`;
    const payload = (parsed as Record<string, unknown> | null)?.[key];
    if (!payload || typeof payload !== 'object') throw managementServerUnreachable(`its answer had no ${key}`);
    return payload as Record<string, unknown>;
  }
}
