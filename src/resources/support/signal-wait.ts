import type { ReceivedSignal, ResourceContext, SignalPolicy } from '../resource-type';

const POLL_MS = 1000;

function sleep(ms: number, abort: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (abort.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(resolve, ms);
    abort.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    }, { once: true });
  });
}

/**
 * Waits until `count` distinct SUCCESS signals arrived on the token, failing at once on a
 * FAILURE and when the timeout passes. The start time is persisted (under `startedAtKey`; an
 * update's wait keeps its own), so a resumed wait keeps its original deadline instead of starting over.
 */
export async function waitForSignals(ctx: ResourceContext, token: string, policy: SignalPolicy, what: string, startedAtKey = 'waitStartedAt'): Promise<ReceivedSignal[]> {
  let startedAt = ctx.state.metadata[startedAtKey] as number | undefined;
  if (startedAt === undefined) {
    startedAt = Date.now();
    await ctx.save({ metadata: { ...ctx.state.metadata, [startedAtKey]: startedAt } });
  }
  const deadline = startedAt + policy.timeoutSeconds * 1000;
  for (;;) {
    const signals = await ctx.signals.received(token);
    const failure = signals.find((s) => s.status === 'FAILURE');
    if (failure) throw new Error(`${what} received failed message: '${failure.reason}' for uniqueId: ${failure.uniqueId}`);
    const successes = signals.filter((s) => s.status === 'SUCCESS');
    if (successes.length >= policy.count) return successes;
    if (Date.now() > deadline) {
      throw new Error(`${what} timed out. Received ${successes.length} conditions when expecting ${policy.count}`);
    }
    await sleep(POLL_MS, ctx.abort);
  }
}

/**
 * The signal token of a resource with a CreationPolicy, made once and kept across restarts
 * (a resumed worker must keep the URL the VMs already hold). Undefined without a policy.
 */
export async function creationPolicyToken(ctx: ResourceContext): Promise<string | undefined> {
  if (!ctx.creationPolicy) return undefined;
  let token = ctx.state.metadata.signalToken as string | undefined;
  if (!token) {
    token = ctx.signals.newToken();
    await ctx.save({ metadata: { ...ctx.state.metadata, signalToken: token } });
    await ctx.signals.register(token, ctx.logicalId);
  }
  return token;
}
