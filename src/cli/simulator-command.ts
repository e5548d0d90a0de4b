import { startSimulator, type SimulatorOptions } from '../simulator';
import { parseFailRate, parseVmIndexes } from '../simulator/knobs';

const USAGE = `usage: csf simulator [--port N] [--host H] [--job-latency-ms N] [--api-latency-ms N]
                     [--fail-rate command=ratio]... [--fail-vm name-pattern]... [--fail-vm-index N]...
                     [--duplicate-ip-vm name-pattern]...
                     [--http-error-rate R] [--throttle N] [--seed S] [--data-dir DIR]
                     [--max-request-head BYTES]`;

function number(flag: string, raw: string | undefined, max = Number.POSITIVE_INFINITY): number {
  const value = Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new Error(`${flag} expects a number between 0 and ${max}, got ${raw === undefined ? 'nothing' : `"${raw}"`}\n${USAGE}`);
  }
  return value;
}

/** Parses `csf simulator` flags (both `--flag value` and `--flag=value`). */
export function parseSimulatorArgs(argv: string[]): SimulatorOptions {
  const options: SimulatorOptions = { port: 8081, dataDir: process.env.DATA_DIR ?? './data', failRates: [] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') && argv[i].startsWith('--') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port': options.port = number(flag, value(), 65535); break;
      case '--host': options.host = value(); break;
      case '--job-latency-ms': options.jobLatencyMs = number(flag, value()); break;
      case '--api-latency-ms': options.apiLatencyMs = number(flag, value()); break;
      case '--http-error-rate': options.httpErrorRate = number(flag, value(), 1); break;
      case '--throttle': options.throttle = number(flag, value()); break;
      case '--seed': options.seed = value(); break;
      case '--data-dir': options.dataDir = value(); break;
      case '--max-request-head': {
        options.maxRequestHeadBytes = number(flag, value(), 1024 * 1024);
        if (options.maxRequestHeadBytes < 1024) throw new Error(`--max-request-head expects at least 1024 bytes\n${USAGE}`);
        break;
      }
      case '--fail-rate': {
        const spec = value() ?? '';
        parseFailRate(spec);
        (options.failRates as string[]).push(spec);
        break;
      }
      // VMs whose deploy and start always fail (533): by name pattern (* and ?) or member index.
      case '--fail-vm': {
        const pattern = value();
        if (!pattern) throw new Error(`--fail-vm expects a VM name pattern such as web-*\n${USAGE}`);
        options.failingVms = { ...options.failingVms, namePatterns: [...(options.failingVms?.namePatterns ?? []), pattern] };
        break;
      }
      case '--fail-vm-index': {
        const [index] = parseVmIndexes([value() ?? '']);
        options.failingVms = { ...options.failingVms, indexes: [...(options.failingVms?.indexes ?? []), index] };
        break;
      }
      // VMs given an address another VM holds on their first deploy (apache/cloudstack#7907).
      case '--duplicate-ip-vm': {
        const pattern = value();
        if (!pattern) throw new Error(`--duplicate-ip-vm expects a VM name pattern such as web-*\n${USAGE}`);
        options.duplicateIpVms = [...(options.duplicateIpVms ?? []), pattern];
        break;
      }
      default:
        throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    }
  }
  return options;
}

/** `csf simulator`: starts the simulator, prints the seeded credentials, runs until SIGINT/SIGTERM. */
export async function runSimulatorCommand(argv: string[]): Promise<void> {
  const running = await startSimulator(parseSimulatorArgs(argv));
  const lines = [
    `CloudStack simulator listening on ${running.url}`,
    running.credentialsPath ? `credentials written to ${running.credentialsPath}` : '',
    '',
    ...running.credentials.users.map((u) => `${u.role.padEnd(11)} ${u.username.padEnd(9)} account=${u.account} domain=${u.domain}\n            apikey=${u.apikey}\n            secretkey=${u.secretkey}`),
  ];
  process.stdout.write(`${lines.filter((l, i) => l !== '' || i === 2).join('\n')}\n`);
  await new Promise<void>((resolve) => {
    const shutdown = () => {
      process.off('SIGINT', shutdown);
      process.off('SIGTERM', shutdown);
      void running.stop().then(resolve);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
}
