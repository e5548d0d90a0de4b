/** What CloudFormation shows in place of a NoEcho value. */
export const SECRET_MASK = '****';

// A secret this short occurs by chance inside ids and words ("1" in every UUID): masking each
// occurrence would wreck every message and hide nothing. It is masked where it stands alone.
const MIN_SUBSTRING_LENGTH = 4;
// Logged objects are small records; a deeper graph is not ours to walk (and may be cyclic).
const MAX_DEPTH = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Every spelling a message may give the secret: as it is, inside a JSON string (a message built
 * with JSON.stringify escapes quotes and backslashes), and URL-encoded (an error that echoes the
 * request a client sent).
 */
function spellings(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Replaces secret values with the mask wherever they occur in a text, or in the strings of a
 * value about to be logged. One masker per set of secrets; an empty one changes nothing.
 */
export class SecretMasker {
  static readonly NONE = new SecretMasker([]);

  /** The secrets as given (distinct, non-empty). */
  readonly secrets: readonly string[];
  private readonly pattern?: RegExp;

  constructor(secrets: Iterable<string>) {
    this.secrets = [...new Set([...secrets].filter((s) => s !== ''))];
    const forms = [...new Set(this.secrets.flatMap(spellings))].sort((a, b) => b.length - a.length);
    if (forms.length === 0) return;
    // Longest first, so that a secret containing another is masked whole.
    const alternatives = forms.map((form) =>
      form.length >= MIN_SUBSTRING_LENGTH ? escapeRegExp(form) : `(?<![A-Za-z0-9])${escapeRegExp(form)}(?![A-Za-z0-9])`,
    );
    this.pattern = new RegExp(alternatives.join('|'), 'g');
  }

  get isEmpty(): boolean {
    return this.pattern === undefined;
  }

  mask(text: string): string {
    return this.pattern ? text.replace(this.pattern, SECRET_MASK) : text;
  }

  maskNullable(text: string | null): string | null {
    return text === null ? null : this.mask(text);
  }

  /**
   * The value with every string masked: strings, arrays, plain objects and errors (whose message
   * and stack carry CloudStack's error text). Anything else is kept. What holds no secret comes
   * back as the same object, so identity checks on errors still work.
   */
  maskDeep<T>(value: T): T {
    return this.isEmpty ? value : (this.walk(value, 0) as T);
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) {
      const items = value.map((item) => this.walk(item, depth + 1));
      return items.some((item, i) => item !== value[i]) ? items : value;
    }
    if (value instanceof Error) return this.copyError(value, depth);
    if (!isPlainObject(value)) return value;
    const entries = Object.entries(value);
    const masked = entries.map(([key, item]) => [key, this.walk(item, depth + 1)] as const);
    return masked.some(([, item], i) => item !== entries[i][1]) ? Object.fromEntries(masked) : value;
  }

  /** Keeps the prototype, so that the copy still maps to its CloudStack error code. */
  private copyError(error: Error, depth: number): Error {
    const copy = Object.create(Object.getPrototypeOf(error)) as Error;
    let changed = false;
    for (const key of Object.getOwnPropertyNames(error)) {
      // Read through any accessor (some engines define stack as one): the copy holds plain values.
      const original: unknown = (error as unknown as Record<string, unknown>)[key];
      const masked = this.walk(original, depth + 1);
      changed ||= masked !== original;
      const { enumerable } = Object.getOwnPropertyDescriptor(error, key)!;
      Object.defineProperty(copy, key, { value: masked, enumerable, writable: true, configurable: true });
    }
    return changed ? copy : error;
  }
}
