import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';

/**
 * OpenSSH public keys: parsing and validating `<type> <base64 blob> [comment]`, the MD5
 * fingerprint CloudStack shows (colon-separated hex of the blob's digest), and generating RSA
 * key pairs the way createSSHKeyPair does (PKCS#1 private key, returned once).
 */

const KEY_TYPES = new Set(['ssh-rsa', 'ssh-dss', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521']);

/** Reads the SSH wire-format string at `offset`: uint32 length then bytes; undefined if truncated. */
function readField(blob: Buffer, offset: number): { value: Buffer; next: number } | undefined {
  if (offset + 4 > blob.length) return undefined;
  const length = blob.readUInt32BE(offset);
  const end = offset + 4 + length;
  if (end > blob.length) return undefined;
  return { value: blob.subarray(offset + 4, end), next: end };
}

/** Reads exactly `count` fields that must fill the rest of the blob, each non-empty. */
function readFields(blob: Buffer, offset: number, count: number): Buffer[] | undefined {
  const fields: Buffer[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    const field = readField(blob, at);
    if (!field || field.value.length === 0) return undefined;
    fields.push(field.value);
    at = field.next;
  }
  return at === blob.length ? fields : undefined;
}

/** Does the blob's structure match its declared key type? */
function blobIsWellFormed(type: string, blob: Buffer): boolean {
  const declared = readField(blob, 0);
  if (!declared || declared.value.toString('latin1') !== type) return false;
  switch (type) {
    case 'ssh-rsa': {
      const fields = readFields(blob, declared.next, 2); // e, n
      return fields !== undefined && fields[1].length >= 64; // at least a 512-bit modulus
    }
    case 'ssh-dss':
      return readFields(blob, declared.next, 4) !== undefined; // p, q, g, y
    case 'ssh-ed25519': {
      const fields = readFields(blob, declared.next, 1);
      return fields !== undefined && fields[0].length === 32;
    }
    default: {
      const fields = readFields(blob, declared.next, 2); // curve name, point
      return fields !== undefined && `ecdsa-sha2-${fields[0].toString('latin1')}` === type;
    }
  }
}

export interface ParsedPublicKey {
  /** `<type> <base64>`: the comment dropped, as CloudStack keeps it for matching. */
  normalized: string;
  fingerprint: string;
}

/** Undefined when the text is not a usable OpenSSH public key. */
export function parsePublicKey(text: string): ParsedPublicKey | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length < 2 || !KEY_TYPES.has(parts[0])) return undefined;
  const [type, encoded] = parts;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
  const blob = Buffer.from(encoded, 'base64');
  if (!blobIsWellFormed(type, blob)) return undefined;
  return { normalized: `${type} ${encoded}`, fingerprint: fingerprintOf(blob) };
}

export function fingerprintOf(blob: Buffer): string {
  return createHash('md5').update(blob).digest('hex').match(/../g)?.join(':') ?? '';
}

/** An SSH mpint: big-endian two's complement, with a leading zero byte when the top bit is set. */
function mpint(bytes: Buffer): Buffer {
  const trimmed = bytes.subarray(bytes.findIndex((b) => b !== 0));
  return trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
}

function wireField(value: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(value.length);
  return Buffer.concat([length, value]);
}

export interface GeneratedKeyPair {
  publicKey: string;
  privateKey: string;
  fingerprint: string;
}

/** A fresh 2048-bit RSA key pair: OpenSSH public key, PEM (PKCS#1) private key, MD5 fingerprint. */
export function generateRsaKeyPair(comment: string): GeneratedKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const jwk = createPublicKey(publicKey).export({ format: 'jwk' });
  const blob = Buffer.concat([
    wireField(Buffer.from('ssh-rsa')),
    wireField(mpint(Buffer.from(jwk.e as string, 'base64url'))),
    wireField(mpint(Buffer.from(jwk.n as string, 'base64url'))),
  ]);
  return { publicKey: `ssh-rsa ${blob.toString('base64')} ${comment}`, privateKey, fingerprint: fingerprintOf(blob) };
}
