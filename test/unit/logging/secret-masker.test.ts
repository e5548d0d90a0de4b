import { Writable } from 'node:stream';
import { CloudStackApiError } from '../../../src/cloudstack-api';
import { createLogger, LiveSecrets, SECRET_MASK, SecretMasker } from '../../../src/logging';

describe('SecretMasker', () => {
  it('masks every occurrence, inside longer text too, and the spellings messages give it', () => {
    const masker = new SecretMasker(['pa"ss w\\rd']);
    expect(masker.mask('got pa"ss w\\rd and xpa"ss w\\rdx')).toBe(`got ${SECRET_MASK} and x${SECRET_MASK}x`);
    // JSON.stringify escapes the quote and the backslash; a client URL-encodes what it sends.
    expect(masker.mask(`Property Count must be a number, got ${JSON.stringify('pa"ss w\\rd')}`)).toBe(`Property Count must be a number, got "${SECRET_MASK}"`);
    expect(masker.mask(`value=${encodeURIComponent('pa"ss w\\rd')}`)).toBe(`value=${SECRET_MASK}`);
  });

  it('masks a longer secret whole when it contains a shorter one', () => {
    const masker = new SecretMasker(['hunter', 'hunter2secret']);
    expect(masker.mask('a hunter2secret')).toBe(`a ${SECRET_MASK}`);
  });

  it('masks a very short secret only where it stands alone, not inside ids and words', () => {
    const masker = new SecretMasker(['42']);
    expect(masker.mask('Size 42 in 4242-abc42 and (42)')).toBe(`Size ${SECRET_MASK} in 4242-abc42 and (${SECRET_MASK})`);
  });

  it('treats regular-expression characters literally and ignores empty secrets', () => {
    const masker = new SecretMasker(['a.b*c', '']);
    expect(masker.mask('a.b*c axbbc')).toBe(`${SECRET_MASK} axbbc`);
    expect(new SecretMasker(['']).isEmpty).toBe(true);
    expect(SecretMasker.NONE.mask('anything')).toBe('anything');
  });

  it('masks strings deep in log arguments and errors, keeping the error class and untouched objects', () => {
    const masker = new SecretMasker(['s3cr3t-value']);
    const error = new CloudStackApiError(431, 'Unable to find zone "s3cr3t-value"', 4350);
    const masked = masker.maskDeep({ reason: 'x s3cr3t-value', list: ['s3cr3t-value', 1], err: error, when: new Date(0) });
    expect(masked.reason).toBe(`x ${SECRET_MASK}`);
    expect(masked.list).toEqual([SECRET_MASK, 1]);
    expect(masked.err).toBeInstanceOf(CloudStackApiError);
    expect(masked.err.errortext).toBe(`Unable to find zone "${SECRET_MASK}"`);
    expect(masked.err.message).not.toContain('s3cr3t-value');
    expect(masked.err.stack).not.toContain('s3cr3t-value');
    expect(error.errortext).toContain('s3cr3t-value'); // the original is left alone
    const clean = { a: 'nothing here', err: new Error('fine') };
    expect(masker.maskDeep(clean)).toBe(clean);
    expect(masker.maskDeep(clean.err)).toBe(clean.err);
  });
});

describe('loggers mask the secrets held', () => {
  const capture = () => {
    const lines: string[] = [];
    const destination = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    return { lines, destination };
  };

  it('masks messages, fields and errors in every line, children included, until released', () => {
    const secrets = new LiveSecrets();
    const { lines, destination } = capture();
    const logger = createLogger({ destination, secrets }).child({ component: 'engine' });
    const release = secrets.hold(['Zq7-hunter2', 'other-secret']);
    const again = secrets.hold(['Zq7-hunter2']);
    logger.warn({ reason: 'got "Zq7-hunter2"', err: new Error('echo Zq7-hunter2') }, 'failed for other-secret');
    release();
    logger.warn('still held: Zq7-hunter2; released: other-secret');
    again();
    again(); // a second release changes nothing
    logger.warn('released: Zq7-hunter2');
    expect(lines).toHaveLength(3);
    const [first, second, third] = lines.map((l) => JSON.parse(l));
    expect(first).toMatchObject({ component: 'engine', reason: `got "${SECRET_MASK}"`, msg: `failed for ${SECRET_MASK}`, err: { message: `echo ${SECRET_MASK}` } });
    expect(lines[0]).not.toContain('Zq7-hunter2');
    expect(lines[0]).not.toContain('other-secret');
    expect(second.msg).toBe(`still held: ${SECRET_MASK}; released: other-secret`);
    expect(third.msg).toBe('released: Zq7-hunter2');
  });
});
