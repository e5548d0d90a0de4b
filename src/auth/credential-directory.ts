import { Caller } from './caller';

/** A caller with the secret their requests are signed with. */
export interface Identity {
  caller: Caller;
  secretKey: string;
}

/** Resolves an API key to the user behind it; undefined when no (enabled) user holds the key. */
export interface CredentialDirectory {
  lookup(apiKey: string): Promise<Identity | undefined>;
}
