import { execFile } from 'node:child_process';

/** heat-cfntools' `cfn-signal` (Debian's heat-cfntools package), as user data runs it on a real VM. */
export const CFN_SIGNAL_COMMAND = 'cfn-signal';

// cfn-signal's options that take a value (its argparse definition); the one positional is the URL.
const VALUE_OPTIONS = new Set(['-s', '--success', '-r', '--reason', '-d', '--data', '-i', '--id', '-e', '--exit-code', '--exit']);
const FLAG_OPTIONS = new Set(['-k', '--insecure']);

export interface CfnSignalCall {
  url: string;
  args: string[];
}

/**
 * A `cfn-signal [options] URL` command line (words after the command), or undefined when it is
 * not one cfn-signal would accept. Only known options pass: the arguments are handed to the
 * real program, and from there the URL to curl.
 */
export function parseCfnSignal(words: string[]): CfnSignalCall | undefined {
  const args: string[] = [];
  let url: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const [name, inline] = word.startsWith('--') && word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
    if (VALUE_OPTIONS.has(name)) {
      const value = inline ?? words[++i];
      if (value === undefined) return undefined;
      args.push(name, value);
    } else if (FLAG_OPTIONS.has(word)) {
      args.push(word);
    } else if (/^https?:\/\//i.test(word) && url === undefined) {
      url = word;
    } else {
      return undefined;
    }
  }
  return url ? { url, args: [...args, url] } : undefined;
}

/** Runs the real cfn-signal (no shell); resolves with an error text, or undefined when it succeeded. */
export function runCfnSignal(call: CfnSignalCall): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(CFN_SIGNAL_COMMAND, call.args, { timeout: 15_000 }, (error, _stdout, stderr) => {
      if (!error) resolve(undefined);
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') resolve(`${CFN_SIGNAL_COMMAND} is not installed (apt-get install heat-cfntools)`);
      else resolve(`${CFN_SIGNAL_COMMAND} failed: ${String(stderr).trim().split('\n').pop() ?? error.message}`);
    });
  });
}
