import type { SimulatorState } from './state/store';
import type { ResourceTag } from './state/types';

/** A tag as CloudStack lists it, both inside objects (`tags: [...]`) and from listTags. */
export function tagView(state: SimulatorState, tag: ResourceTag): Record<string, unknown> {
  const account = state.accounts.get(tag.accountId);
  const domain = state.domains.get(tag.domainId);
  return {
    key: tag.key,
    value: tag.value,
    resourcetype: tag.resourceType,
    resourceid: tag.resourceId,
    account: account?.name,
    domainid: tag.domainId,
    domain: domain?.name,
    customer: tag.customer,
  };
}

export function tagsViewOf(state: SimulatorState, resourceId: string): Array<Record<string, unknown>> {
  return state.tagsOf(resourceId).map((tag) => tagView(state, tag));
}

/** `tags[0].key=k&tags[0].value=v`: every given pair must be on the object (value optional). */
export function matchesTagFilter(state: SimulatorState, resourceId: string, filter: Array<Record<string, string>>): boolean {
  const tags = state.tagsOf(resourceId);
  return filter.every((wanted) =>
    tags.some((tag) => (wanted.key === undefined || tag.key === wanted.key) && (wanted.value === undefined || tag.value === wanted.value)));
}
