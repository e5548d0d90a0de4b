import { startSimulator, type SimulatorOptions } from '../../../src/simulator';
import { answerUsageRequests } from './process-usage';

/**
 * The benchmark's management server, in a process of its own as a real one would be: the
 * service's figures then carry no simulator CPU, and each process's memory is its own.
 * Started by bench-environment.ts with fork(); talks to it over the IPC channel.
 */
/** `reset` starts a new peak after answering, so that each figure reports its own. */
export type SimulatorRequest = { type: 'rss'; reset?: boolean } | { type: 'stop' };
export type SimulatorReport =
  | { type: 'ready'; url: string; users: Array<{ username: string; apikey: string; secretkey: string }> }
  | { type: 'rss'; peakRss: number; cpuMicros: number };

function send(report: SimulatorReport): void {
  process.send?.(report);
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
  const simulator = await startSimulator(options);
  answerUsageRequests(() => void simulator.stop().then(() => process.exit(0)));
  send({ type: 'ready', url: simulator.url, users: simulator.credentials.users.map(({ username, apikey, secretkey }) => ({ username, apikey, secretkey })) });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
