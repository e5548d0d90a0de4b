import { rendersIps } from './group-members';

type Steps = Record<string, { done?: boolean } | undefined>;

/** The member indexes whose step of this kind (any attempt of it: `deploy-7`, `deploy-7-a2`) finished. */
function finished(steps: Steps, kind: string): Set<string> {
  const pattern = new RegExp(`^${kind}-(\\d+)(?:-a\\d+)?$`);
  const indexes = new Set<string>();
  for (const [name, step] of Object.entries(steps)) {
    const index = pattern.exec(name)?.[1];
    if (index !== undefined && step?.done) indexes.add(index);
  }
  return indexes;
}

/**
 * A group's create, read from its persisted steps: members whose user data renders no IP run
 * once their deploy finishes; the others are deployed stopped, then started once every IP is
 * known. "37 of 100 members running" or "0 of 5 members running, 3 deployed".
 */
export function groupCreateProgress(state: { metadata: Record<string, unknown>; properties: Record<string, unknown> }): string | undefined {
  const count = Number(state.properties.Count);
  if (!Number.isInteger(count) || count < 1) return undefined;
  const steps = (state.metadata.steps as Steps | undefined) ?? {};
  const deployed = finished(steps, 'deploy').size;
  const userData = typeof state.properties.UserData === 'string' ? state.properties.UserData : undefined;
  if (!rendersIps(userData)) return `${deployed} of ${count} members running`;
  return `${finished(steps, 'start').size} of ${count} members running, ${deployed} deployed`;
}
