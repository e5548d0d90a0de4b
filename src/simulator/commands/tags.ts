import { successPayload } from '../../cloudstack-api';
import { assertAccess } from '../access';
import { entityNotFound, invalidParameter } from '../errors';
import { OWNED_LIST_PARAMS, type CommandSpec, type ResponseField } from '../registry';
import type { ResourceTag } from '../state/types';
import { tagView } from '../tags';

const TAG_FIELDS: ResponseField[] = [
  { name: 'key', type: 'string', description: 'tag key name' },
  { name: 'value', type: 'string', description: 'tag value' },
  { name: 'resourcetype', type: 'string', description: 'resource type' },
  { name: 'resourceid', type: 'string', description: 'id of the resource' },
  { name: 'account', type: 'string', description: 'the account associated with the tag' },
  { name: 'domainid', type: 'string', description: 'the ID of the domain associated with the tag' },
  { name: 'domain', type: 'string', description: 'the domain associated with the tag' },
  { name: 'customer', type: 'string', description: 'customer associated with the tag' },
];

const createTags: CommandSpec = {
  name: 'createTags',
  description: 'Creates resource tag(s)',
  isasync: true,
  since: '4.0.0',
  cmdClass: 'org.apache.cloudstack.api.command.user.tag.CreateTagsCmd',
  params: [
    { name: 'resourceids', type: 'list', required: true, description: 'list of resources to create the tags for' },
    { name: 'resourcetype', type: 'string', required: true, description: 'type of the resource' },
    { name: 'tags', type: 'map', required: true, description: 'Map of tags (key/value pairs)' },
    { name: 'customer', type: 'string', description: 'identifies client specific tag. When the value is not null, the tag can\'t be used by cloudStack code internally' },
  ],
  response: [{ name: 'success', type: 'boolean', description: 'true if operation is executed successfully' }, { name: 'displaytext', type: 'string', description: 'any text associated with the success or failure' }],
  handler(ctx) {
    const resourceType = ctx.requireStr('resourcetype');
    if (!ctx.state.isTaggableType(resourceType)) throw invalidParameter(`Invalid resource type ${resourceType}`);
    const pairs = (ctx.map('tags') ?? []).map((entry) => {
      if (!entry.key) throw invalidParameter('Tag key can\'t be empty: every tags[n] needs tags[n].key');
      if (!entry.value) throw invalidParameter(`Value for the key ${entry.key} is either null or empty`);
      return { key: entry.key, value: entry.value };
    });
    const targets = (ctx.list('resourceids') ?? []).map((id) => {
      const found = ctx.state.findTaggable(resourceType, id);
      if (!found) throw entityNotFound(ctx.command, 'resourceids', id);
      assertAccess(ctx.state, ctx.caller, found.owner);
      for (const pair of pairs) {
        if (ctx.state.tagsOf(id).some((t) => t.key === pair.key)) throw invalidParameter(`tag ${pair.key} already exists on resource ${id}`);
      }
      return found;
    });
    const customer = ctx.str('customer');
    return ctx.submitJob({
      instanceType: undefined,
      complete() {
        for (const { owner, canonicalType } of targets) {
          for (const pair of pairs) {
            if (ctx.state.tagsOf(owner.id).some((t) => t.key === pair.key)) continue;
            ctx.state.tags.add({ ...pair, resourceType: canonicalType, resourceId: owner.id, accountId: owner.accountId, domainId: owner.domainId, customer });
          }
        }
        return successPayload();
      },
    });
  },
};

const deleteTags: CommandSpec = {
  name: 'deleteTags',
  description: 'Deleting resource tag(s)',
  isasync: true,
  since: '4.0.0',
  cmdClass: 'org.apache.cloudstack.api.command.user.tag.DeleteTagsCmd',
  params: [
    { name: 'resourceids', type: 'list', required: true, description: 'Delete tags for resource id(s)' },
    { name: 'resourcetype', type: 'string', required: true, description: 'Delete tag by resource type' },
    { name: 'tags', type: 'map', description: 'Delete tags matching key/value pairs' },
  ],
  response: createTags.response,
  handler(ctx) {
    const resourceType = ctx.requireStr('resourcetype');
    if (!ctx.state.isTaggableType(resourceType)) throw invalidParameter(`Invalid resource type ${resourceType}`);
    const ids = ctx.list('resourceids') ?? [];
    for (const id of ids) {
      const found = ctx.state.findTaggable(resourceType, id);
      if (!found) throw entityNotFound(ctx.command, 'resourceids', id);
      assertAccess(ctx.state, ctx.caller, found.owner);
    }
    const filter = ctx.map('tags');
    // As CloudStack: keys and values match whatever their case, and a delete that matches nothing fails.
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    const doomed = (tag: ResourceTag) => filter === undefined || filter.some((f) => same(f.key, tag.key) && (f.value === undefined || same(f.value, tag.value)));
    return ctx.submitJob({
      complete() {
        if (!ids.some((id) => ctx.state.tagsOf(id).some(doomed))) throw invalidParameter('Unable to find any tags which conform to specified delete parameters.');
        for (const id of ids) ctx.state.tags.removeOf(id, doomed);
        return successPayload();
      },
    });
  },
};

const listTags: CommandSpec = {
  name: 'listTags',
  description: 'List resource tag(s)',
  isasync: false,
  since: '4.0.0',
  params: [
    ...OWNED_LIST_PARAMS,
    { name: 'key', type: 'string', description: 'list by key' },
    { name: 'value', type: 'string', description: 'list by value' },
    { name: 'resourceid', type: 'string', description: 'list by resource id' },
    { name: 'resourcetype', type: 'string', description: 'list by resource type' },
    { name: 'customer', type: 'string', description: 'list by customer name' },
  ],
  response: TAG_FIELDS,
  handler(ctx) {
    const scope = ctx.scope();
    const { key, value, resourceid, resourcetype, customer } = ctx.params;
    const tags = [...ctx.state.tags.all()].filter((t) => scope({ id: t.resourceId, accountId: t.accountId, domainId: t.domainId }) &&
      (key === undefined || t.key === key) && (value === undefined || t.value === value) &&
      (resourceid === undefined || t.resourceId === resourceid) &&
      (resourcetype === undefined || t.resourceType.toLowerCase() === resourcetype.toLowerCase()) &&
      (customer === undefined || t.customer === customer));
    const withIds = tags.map((t) => ({ ...t, id: `${t.resourceId}/${t.key}` }));
    return ctx.listAnswer('tag', withIds, (t) => tagView(ctx.state, t), (t) => [t.key, t.value]);
  },
};

export const tagCommands: CommandSpec[] = [createTags, deleteTags, listTags];
