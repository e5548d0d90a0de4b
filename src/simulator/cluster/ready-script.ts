import { findSignalCalls, shellWords, type SignalCall } from '../cloud-init';

/**
 * What a VM's readiness script waits for before it signals. The template's scripts are a
 * sequence of `until <probe>; do sleep N; done` lines (some inside `if [ 'a' = b ]; then ... fi`
 * with rendered values) followed by the signal call. A probe is `curl [-f] [-L] URL`, optionally
 * piped into `grep -q [-E|-F] PATTERN`; any other probe is kept as one the emulator cannot answer,
 * so the signal after it is never sent (the emulator does not pretend).
 */
export interface HttpProbe {
  kind: 'http';
  url: string;
  failOnHttpError: boolean;
  followRedirects: boolean;
  grep?: { pattern: string; mode: 'basic' | 'extended' | 'fixed' };
}

export interface UnknownProbe {
  kind: 'unknown';
  command: string;
}

export type Probe = HttpProbe | UnknownProbe;

export interface ReadyStep {
  /** Every probe the script waited on before this signal, in order. */
  waits: Probe[];
  signals: SignalCall[];
}

function shortFlags(word: string): string {
  return /^-[A-Za-z]+$/.test(word) ? word.slice(1) : '';
}

function curlProbe(words: string[]): HttpProbe | undefined {
  let url: string | undefined;
  let failOnHttpError = false;
  let followRedirects = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (['-o', '--output', '-m', '--max-time', '--connect-timeout', '--retry', '--retry-delay', '-H', '--header', '-u', '--user'].includes(w)) i += 1;
    else if (w === '--fail') failOnHttpError = true;
    else if (w === '--location') followRedirects = true;
    else if (/^https?:\/\//i.test(w)) url = w;
    else if (shortFlags(w)) {
      if (shortFlags(w).includes('f')) failOnHttpError = true;
      if (shortFlags(w).includes('L')) followRedirects = true;
      // -o, -m and the like as the last letter of a group take the next word.
      if (/[omHu]$/.test(shortFlags(w))) i += 1;
    }
  }
  return url ? { kind: 'http', url, failOnHttpError, followRedirects } : undefined;
}

function grepFilter(words: string[]): HttpProbe['grep'] | undefined {
  let quiet = false;
  let mode: 'basic' | 'extended' | 'fixed' = 'basic';
  let pattern: string | undefined;
  for (const w of words.slice(1)) {
    const flags = shortFlags(w);
    if (flags) {
      if (!/^[qEF]+$/.test(flags)) return undefined;
      if (flags.includes('q')) quiet = true;
      if (flags.includes('E')) mode = 'extended';
      if (flags.includes('F')) mode = 'fixed';
    } else if (pattern === undefined) pattern = w;
    else return undefined;
  }
  return quiet && pattern !== undefined ? { pattern, mode } : undefined;
}

/** One `until` condition: the words between `until` and `; do`. */
export function parseProbe(words: string[]): Probe {
  const command = words.join(' ');
  const pipeline: string[][] = [[]];
  for (const w of words) if (w === '|') pipeline.push([]); else pipeline[pipeline.length - 1].push(w);
  if (pipeline.length > 2 || !/(^|\/)curl$/.test(pipeline[0][0] ?? '')) return { kind: 'unknown', command };
  const probe = curlProbe(pipeline[0]);
  if (!probe) return { kind: 'unknown', command };
  if (pipeline.length === 2) {
    const grep = /(^|\/)grep$/.test(pipeline[1][0] ?? '') ? grepFilter(pipeline[1]) : undefined;
    if (!grep) return { kind: 'unknown', command };
    probe.grep = grep;
  }
  return probe;
}

/** `[ 'a' = 'b' ]` or `[ a != b ]` with rendered literals; undefined when it is anything else. */
function literalTest(words: string[]): boolean | undefined {
  if (words.length !== 5 || words[0] !== '[' || words[4] !== ']') return undefined;
  if (words[2] === '=' || words[2] === '==') return words[1] === words[3];
  if (words[2] === '!=') return words[1] !== words[3];
  return undefined;
}

/** The signal steps of a readiness script, with the probes each waits on. */
export function parseReadyScript(script: string): ReadyStep[] {
  const steps: ReadyStep[] = [];
  const waits: Probe[] = [];
  // Each entry: is this branch taken? An untestable `if` takes neither branch.
  const branches: Array<boolean | undefined> = [];
  const active = () => branches.every((b) => b === true);
  for (const raw of script.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const words = shellWords(line);
    if (words[0] === 'if') {
      const end = words.indexOf(';');
      branches.push(literalTest(words.slice(1, end < 0 ? undefined : end)));
      continue;
    }
    if (words[0] === 'else') {
      const last = branches.pop();
      branches.push(last === undefined ? undefined : !last);
      continue;
    }
    if (words[0] === 'fi') {
      branches.pop();
      continue;
    }
    if (!active()) continue;
    if (words[0] === 'until') {
      const end = words.indexOf(';');
      waits.push(parseProbe(words.slice(1, end < 0 ? undefined : end)));
      continue;
    }
    const signals = findSignalCalls(line);
    if (signals.length > 0) steps.push({ waits: [...waits], signals });
  }
  return steps;
}
