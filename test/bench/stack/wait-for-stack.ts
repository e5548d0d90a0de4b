import type { BenchEnvironment } from './bench-environment';

/**
 * Polls listStacks until the stack's operation has ended (its status no longer *_IN_PROGRESS,
 * which covers an update's cleanup too); answers the final status.
 */
export async function waitForStack(env: BenchEnvironment, username: string, id: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await env.call('service', username, { command: 'listStacks', id });
    const status = (answer.stack?.[0]?.status as string | undefined) ?? 'MISSING';
    if (!status.endsWith('_IN_PROGRESS')) return status;
    if (Date.now() > deadline) throw new Error(`stack ${id} still ${status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The failed events of a stack (every event with BENCH_ALL_EVENTS), oldest first: why a run did not complete. */
export async function printFailures(env: BenchEnvironment, username: string, stackId: string): Promise<void> {
  const answer = await env.call('service', username, { command: 'listStackEvents', stackid: stackId });
  const failed = (answer.stackevent ?? []).filter((e: { status: string }) => process.env.BENCH_ALL_EVENTS || /FAILED/.test(e.status));
  for (const e of failed.reverse()) console.log(`  failure: ${e.logicalid} ${e.status}: ${e.statusreason}`);
}
