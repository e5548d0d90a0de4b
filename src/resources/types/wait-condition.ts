import { randomUUID } from 'node:crypto';
import type { ReceivedSignal, ResourceType } from '../resource-type';
import { optionalNumber, requiredString } from '../support/properties';
import { waitForSignals } from '../support/signal-wait';
import { parseDurationSeconds } from '../support/duration';
import { clearUpdateSteps, updateStep } from '../support/update-steps';

const MAX_TIMEOUT_SECONDS = 43_200;

/** The token is the last path segment of the handle's URL. */
function tokenOf(handleUrl: string): string {
  const token = handleUrl.split('/').filter(Boolean).pop();
  if (!token) throw new Error('Handle is not a wait-condition handle URL');
  return token;
}

function timeoutOf(props: Record<string, unknown>): number {
  const timeout = parseDurationSeconds(props.Timeout);
  if (timeout === undefined || timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
    throw new Error(`Timeout must be a number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}`);
  }
  return timeout;
}

const dataOf = (signals: ReceivedSignal[]): string => JSON.stringify(Object.fromEntries(signals.map((s) => [s.uniqueId, s.data])));

export const waitConditionType: ResourceType = {
  schema: {
    typeName: 'AWS::CloudFormation::WaitCondition',
    description: 'Completes after Count SUCCESS signals on its handle; fails at once on a FAILURE signal and when Timeout passes.',
    properties: {
      Handle: { type: 'String', required: true, description: 'Ref of an AWS::CloudFormation::WaitConditionHandle.', updateBehavior: 'Replacement' },
      Count: { type: 'Integer', description: 'Number of SUCCESS signals to wait for (default 1).', updateBehavior: 'Mutable' },
      Timeout: { type: 'String', required: true, description: 'Seconds to wait, at most 43200.', updateBehavior: 'Mutable' },
    },
    attributes: {
      Data: { type: 'String', description: 'JSON object of every signal\'s UniqueId and Data.' },
    },
  },

  async create(ctx) {
    const timeout = timeoutOf(ctx.properties);
    const count = optionalNumber(ctx.properties, 'Count') ?? 1;
    const signals = await waitForSignals(ctx, tokenOf(requiredString(ctx.properties, 'Handle')), { count, timeoutSeconds: timeout }, `WaitCondition ${ctx.logicalId}`);
    return { physicalId: ctx.state.physicalId ?? randomUUID(), attributes: { Data: dataOf(signals) } };
  },

  /**
   * The handle (and so its token) stays: a new Count waits until the handle has that many
   * SUCCESS signals in all, the ones received before counting, within the new Timeout from the
   * start of this update. A Timeout alone changes nothing: the condition is already complete.
   */
  async update(ctx) {
    const physicalId = ctx.state.physicalId ?? randomUUID();
    const token = tokenOf(requiredString(ctx.properties, 'Handle'));
    const timeoutSeconds = timeoutOf(ctx.properties);
    if (!ctx.changedProperties.includes('Count')) {
      const successes = (await ctx.signals.received(token)).filter((s) => s.status === 'SUCCESS');
      return { physicalId, attributes: { Data: dataOf(successes) } };
    }
    const count = optionalNumber(ctx.properties, 'Count') ?? 1;
    try {
      const signals = await waitForSignals(ctx, token, { count, timeoutSeconds }, `WaitCondition ${ctx.logicalId}`, updateStep(ctx, 'wait-started-at'));
      await clearUpdateSteps(ctx);
      return { physicalId, attributes: { Data: dataOf(signals) } };
    } catch (error) {
      // A timed-out or failed wait is over: a later update to the same Count waits afresh. A
      // worker that stops (aborted) keeps the start time, so its successor keeps the deadline.
      if (!ctx.abort.aborted) await clearUpdateSteps(ctx);
      throw error;
    }
  },

  async delete() {
    // Nothing exists outside this service; the handle owns the signals.
  },
};
