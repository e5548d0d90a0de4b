import type { BenchEnvironment } from './bench-environment';

/** Polls listStacks until the stack leaves CREATE_IN_PROGRESS; answers the final status. */
export async function waitForStack(env: BenchEnvironment, username: string, id: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await env.call('service', username, { command: 'listStacks', id });
    const status = (answer.stack?.[0]?.status as string | undefined) ?? 'MISSING';
    if (status !== 'CREATE_IN_PROGRESS') return status;
    if (Date.now() > deadline) throw new Error(`stack ${id} still ${status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
