import { randomUUID } from 'node:crypto';
import type { ResourceType } from '../resource-type';
import { optionalNumber, requiredString } from '../support/properties';
import { waitForSignals } from '../support/signal-wait';
import { parseDurationSeconds } from '../support/duration';

const MAX_TIMEOUT_SECONDS = 43_200;

/** The token is the last path segment of the handle's URL. */
function tokenOf(handleUrl: string): string {
  const token = handleUrl.split('/').filter(Boolean).pop();
  if (!token) throw new Error('Handle is not a wait-condition handle URL');
  return token;
}

export const waitConditionType: ResourceType = {
  schema: {
    typeName: 'AWS::CloudFormation::WaitCondition',
    description: 'Completes after Count SUCCESS signals on its handle; fails at once on a FAILURE signal and when Timeout passes.',
    properties: {
      Handle: { type: 'String', required: true, description: 'Ref of an AWS::CloudFormation::WaitConditionHandle.', updateBehavior: 'Replacement' },
      Count: { type: 'Integer', description: 'Number of SUCCESS signals to wait for (default 1).', updateBehavior: 'Mutable' },
      Timeout: { type: 'String', required: true, description: 'Seconds to wait, at most 43200.', updateBehavior: 'Replacement' },
    },
    attributes: {
      Data: { type: 'String', description: 'JSON object of every signal\'s UniqueId and Data.' },
    },
  },

  async create(ctx) {
    const timeout = parseDurationSeconds(ctx.properties.Timeout);
    if (timeout === undefined || timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
      throw new Error(`Timeout must be a number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}`);
    }
    const count = optionalNumber(ctx.properties, 'Count') ?? 1;
    const signals = await waitForSignals(ctx, tokenOf(requiredString(ctx.properties, 'Handle')), { count, timeoutSeconds: timeout }, `WaitCondition ${ctx.logicalId}`);
    const data = Object.fromEntries(signals.map((s) => [s.uniqueId, s.data]));
    return { physicalId: ctx.state.physicalId ?? randomUUID(), attributes: { Data: JSON.stringify(data) } };
  },

  async delete() {
    // Nothing exists outside this service; the handle owns the signals.
  },
};
