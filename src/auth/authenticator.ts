import { apiKeyOf, RequestParams, unauthorized, verifySignature } from '../cloudstack-api';
import type { Logger } from '../logging/logger';
import { Caller } from './caller';
import { CredentialDirectory } from './credential-directory';

/**
 * Verifies a request as the management server does: the api key names a user, the signature is
 * that user's (signatureversion=3 with expires honoured). Unlike the management server it also
 * takes a signature over what CloudMonkey, cs, Libcloud or cloudstack-go sign for a value with
 * `~`, `*`, `[` or `]` (cloudstack-api/client-encodings.ts): templates hold those. Every failure
 * answers the same 401, so a caller learns nothing about which part was wrong.
 */
export class Authenticator {
  constructor(
    private readonly directory: CredentialDirectory,
    private readonly logger: Logger,
  ) {}

  async authenticate(params: RequestParams, now = new Date()): Promise<Caller> {
    const apiKey = apiKeyOf(params);
    if (!apiKey) throw this.reject('no apiKey');
    const identity = await this.directory.lookup(apiKey);
    if (!identity) throw this.reject('unknown apiKey');
    const verdict = verifySignature(params, identity.secretKey, now, { clientEncodings: true });
    if (!verdict.ok) throw this.reject(verdict.reason, identity.caller.userId);
    return identity.caller;
  }

  private reject(reason: string, userId?: string) {
    this.logger.info({ reason, userId }, 'request not authenticated');
    return unauthorized();
  }
}
