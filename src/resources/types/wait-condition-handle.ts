import { randomUUID } from 'node:crypto';
import type { ResourceType } from '../resource-type';
import { REF_ATTRIBUTE } from '../ref-attribute';

export const waitConditionHandleType: ResourceType = {
  schema: {
    typeName: 'AWS::CloudFormation::WaitConditionHandle',
    description: 'A signal URL on this service. Its Ref is the URL; VMs PUT or POST the CloudFormation signal body {"Status","UniqueId","Data","Reason"} to it, without CloudStack credentials.',
    properties: {},
    attributes: {},
  },

  async create(ctx) {
    let token = ctx.state.metadata.token as string | undefined;
    if (!token) {
      token = ctx.signals.newToken();
      await ctx.save({ metadata: { ...ctx.state.metadata, token } });
    }
    await ctx.signals.register(token, ctx.logicalId);
    // The physical id is not the URL: the URL carries the token, which must not show in events
    // or listings. Only Ref (evaluated into templates, e.g. user data) yields it.
    const physicalId = ctx.state.physicalId ?? randomUUID();
    return { physicalId, attributes: { [REF_ATTRIBUTE]: ctx.signals.urlFor(token) } };
  },

  async delete(ctx) {
    const token = ctx.state.metadata.token as string | undefined;
    if (token) await ctx.signals.unregister(token);
  },
};
