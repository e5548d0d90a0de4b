import { parseCfnSignal, runCfnSignal, type CfnSignalCall } from './cfn-signal';
import { installClusterEmulator } from './cluster/emulator';
import type { SimulatorRuntime } from './runtime';
import type { VirtualMachine } from './state/types';

/**
 * Just enough cloud-init for wait conditions: on a VM's first boot, every `curl` or `wget` in its
 * user data that PUTs or POSTs a JSON body to a URL is performed, and every `cfn-signal URL` is run
 * with heat-cfntools' own cfn-signal (which sends the signal with curl). Shell variables are not
 * expanded (the product renders concrete values). Only loopback URLs are called: the simulator
 * runs next to the service under test, and calling arbitrary hosts on behalf of API callers
 * would make it a request-forwarding tool (SSRF) for anyone who can deploy a VM.
 */
export interface SignalCall {
  method: 'PUT' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
  /** A cfn-signal command line: run by the real program, which builds the body itself. */
  cfnSignal?: CfnSignalCall;
}

/** Splits a shell line into words, honouring single quotes, double quotes and backslashes. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined; else current += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) current += line[++i];
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(c) || c === ';' || c === '|' || c === '&') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      if (c !== ' ' && c !== '\t') words.push(c);
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

function header(raw: string, into: Record<string, string>): void {
  const colon = raw.indexOf(':');
  if (colon > 0) into[raw.slice(0, colon).trim().toLowerCase()] = raw.slice(colon + 1).trim();
}

function optionValue(words: string[], i: number, name: string): [string, number] | undefined {
  const w = words[i];
  if (w === name) return [words[i + 1] ?? '', i + 1];
  if (name.startsWith('--') && w.startsWith(`${name}=`)) return [w.slice(name.length + 1), i];
  if (!name.startsWith('--') && w.startsWith(name) && w.length > name.length) return [w.slice(name.length), i];
  return undefined;
}

function parseCommand(words: string[]): SignalCall | undefined {
  const tool = words[0].split('/').pop();
  let method: string | undefined;
  let body: string | undefined;
  let url: string | undefined;
  const headers: Record<string, string> = {};
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    let hit: [string, number] | undefined;
    if ((hit = optionValue(words, i, '-X') ?? optionValue(words, i, '--request') ?? optionValue(words, i, '--method'))) [method, i] = [hit[0].toUpperCase(), hit[1]];
    else if ((hit = optionValue(words, i, '-H') ?? optionValue(words, i, '--header'))) { header(hit[0], headers); i = hit[1]; }
    else if ((hit = ['--data-binary', '--data-raw', '--data', '-d', '--body-data', '--post-data'].map((o) => optionValue(words, i, o)).find(Boolean))) {
      body = hit[0];
      if (w.startsWith('--post-data')) method = method ?? 'POST';
      i = hit[1];
    } else if (w === '--url') url = words[++i];
    else if (w.startsWith('--url=')) url = w.slice('--url='.length);
    else if (/^https?:\/\//i.test(w)) url = w;
    else if (tool === 'curl' && ['-o', '--output', '-m', '--max-time', '--retry', '--retry-delay', '--connect-timeout', '-u', '--user'].includes(w)) i += 1;
  }
  if (tool === 'curl' && body !== undefined && method === undefined) method = 'POST';
  if (!url || body === undefined || (method !== 'PUT' && method !== 'POST')) return undefined;
  try {
    JSON.parse(body);
  } catch {
    return undefined;
  }
  return { method, url, headers, body };
}

/** Finds the signal calls in a user-data script (line continuations joined first). */
export function findSignalCalls(script: string): SignalCall[] {
  const calls: SignalCall[] = [];
  const joined = script.replace(/\\\r?\n/g, ' ');
  for (const line of joined.split(/\r?\n/)) {
    const words = shellWords(line);
    let start = 0;
    for (let i = 0; i <= words.length; i++) {
      if (i === words.length || [';', '|', '&'].includes(words[i])) {
        const segment = words.slice(start, i);
        const toolAt = segment.findIndex((w) => /(^|\/)(curl|wget)$/.test(w));
        const cfnSignalAt = segment.findIndex((w) => /(^|\/)cfn-signal$/.test(w));
        if (cfnSignalAt >= 0 && (toolAt < 0 || cfnSignalAt < toolAt)) {
          const cfnSignal = parseCfnSignal(segment.slice(cfnSignalAt + 1));
          if (cfnSignal) calls.push({ method: 'PUT', url: cfnSignal.url, headers: {}, body: '', cfnSignal });
        } else if (toolAt >= 0) {
          const call = parseCommand(segment.slice(toolAt));
          if (call) calls.push(call);
        }
        start = i + 1;
      }
    }
  }
  return calls;
}

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  } catch {
    return false;
  }
}

async function perform(sim: SimulatorRuntime, vm: VirtualMachine, call: SignalCall): Promise<void> {
  const record = { virtualmachineid: vm.id, method: call.method, url: call.url, status: 0, at: new Date() } as SimulatorRuntime['statistics']['signals'][number];
  sim.statistics.signals.push(record);
  if (!isLoopbackUrl(call.url)) {
    record.error = 'not called: only loopback URLs are signalled by the simulator';
    return;
  }
  if (call.cfnSignal) {
    record.error = await runCfnSignal(call.cfnSignal);
    return;
  }
  try {
    const response = await fetch(call.url, {
      method: call.method,
      headers: { 'content-type': 'application/json', ...call.headers },
      body: call.body,
      signal: AbortSignal.timeout(10_000),
    });
    record.status = response.status;
    await response.arrayBuffer();
  } catch (err) {
    record.error = (err as Error).message;
  }
}

/**
 * Wires the emulation. The first time a VM reaches Running, a cloud-config that starts cluster
 * components (ZooKeeper, Mesos, Marathon, Chronos, Marathon-LB) goes to the cluster emulator,
 * which signals only when what the VM waits for would be up; any other user data has its signal
 * calls made at once, as nothing in it can be modelled. Every later start re-checks the signals
 * still pending (a restarted master can complete a quorum).
 */
export function installCloudInit(sim: SimulatorRuntime): void {
  const emulator = installClusterEmulator(sim, (vm, call) => void perform(sim, vm, call));
  sim.onVmRunning((vm) => {
    emulator.scheduleEvaluation();
    if (vm.booted) return;
    vm.booted = true;
    if (!vm.userData) return;
    const script = Buffer.from(vm.userData, 'base64').toString('utf8');
    void emulator.boot(vm, script).then((modelled) => {
      if (!modelled) for (const call of findSignalCalls(script)) void perform(sim, vm, call);
    }, (err: Error) => {
      sim.statistics.signals.push({ virtualmachineid: vm.id, method: 'PUT', url: '', status: 0, at: new Date(), error: `cluster emulator could not boot the VM: ${err.message}` } as SimulatorRuntime['statistics']['signals'][number]);
    });
  });
}
