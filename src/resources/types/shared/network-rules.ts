import type { ResourceContext } from '../../resource-type';
import type { PropertySchema } from '../../../template/schema/resource-type-schema';
import { deleteTolerantly } from '../../support/gone';
import { runJobStep } from '../../support/job-steps';
import { optionalNumber, requiredString, stringList } from '../../support/properties';
import { createOnce, rememberAsPhysicalId } from './create-once';
import { tagWithStackOnce } from './tag-once';

type Listed = Record<string, unknown> & { id: string; tags?: Array<{ key: string; value: string }> };

export interface RuleDefinition {
  command: string;
  /** CloudStack's class of the create command, e.g. CreateFirewallRuleCmd (createOnce's commandClass). */
  commandClass: string;
  params: Record<string, string | number | boolean | undefined>;
  /** The key of the rule in the create job's result. */
  objectKey: string;
  /** createTags resource type of the rule. */
  tagType: string;
  /** The list command that shows the rule, and its object key. */
  list: { command: string; params: Record<string, string>; key: string };
  /** Whether a listed rule is the one this resource describes (protocol, ports, target). */
  matches(listed: Listed): boolean;
}

/** Same value whether CloudStack answered it as a number or a string (it does both for ports). */
export function sameValue(listed: unknown, wanted: string | number | undefined): boolean {
  return String(listed ?? '') === String(wanted ?? '');
}

/**
 * Creates a network rule once across crashes, then tags it with the stack. Answers its id, and
 * whether this very run created it (then nothing else can have touched it yet).
 */
export async function createRule(ctx: ResourceContext, rule: RuleDefinition): Promise<{ id: string; createdNow: boolean }> {
  const { id, createdNow } = await createOnce(ctx, {
    step: 'create',
    command: rule.command,
    commandClass: rule.commandClass,
    params: rule.params,
    resultKey: rule.objectKey,
    ...rememberAsPhysicalId(ctx),
    // A rule with the same definition is this resource's only when it carries its tags; a
    // hand-made or another stack's rule is never adopted, and never deleted with this stack.
    findExisting: async () => {
      const listed = await ctx.api.listAll<Listed>(rule.list.command, rule.list.params, rule.list.key);
      return listed.filter((r) => rule.matches(r)).map((r) => ({ id: r.id, tags: r.tags ?? [] }));
    },
    describeUnnamed: `A rule matching ${ctx.logicalId} (${ctx.resourceType})`,
  });
  await tagWithStackOnce(ctx, rule.tagType, id, createdNow);
  return { id, createdNow };
}

export async function deleteRule(ctx: ResourceContext, command: string): Promise<void> {
  const id = ctx.state.physicalId;
  if (!id) return;
  await deleteTolerantly(() => runJobStep(ctx, 'delete', command, { id }));
}

export const CIDR_LIST_PROPERTY: PropertySchema = {
  type: 'List', itemType: 'String', description: 'Source CIDRs, a list (a String parameter holding a comma-separated list is split).', cloudstackParameter: 'cidrlist', updateBehavior: 'Replacement',
};

/** Protocol, ports, ICMP and CIDRs, as firewall and egress firewall rules take them. */
export interface FirewallSpec {
  protocol: string;
  startPort?: number;
  endPort?: number;
  icmpType?: number;
  icmpCode?: number;
  cidrs: string[];
}

export function firewallSpecFrom(props: Record<string, unknown>): FirewallSpec {
  const protocol = requiredString(props, 'Protocol').toLowerCase();
  const startPort = optionalNumber(props, 'StartPort');
  return {
    protocol,
    startPort,
    endPort: optionalNumber(props, 'EndPort') ?? startPort,
    icmpType: optionalNumber(props, 'IcmpType'),
    icmpCode: optionalNumber(props, 'IcmpCode'),
    cidrs: stringList(props, 'CidrList'),
  };
}

export function firewallParams(spec: FirewallSpec): Record<string, string | number | undefined> {
  const icmp = spec.protocol === 'icmp';
  const ports = spec.protocol === 'tcp' || spec.protocol === 'udp';
  return {
    protocol: spec.protocol,
    startport: ports ? spec.startPort : undefined,
    endport: ports ? spec.endPort : undefined,
    icmptype: icmp ? spec.icmpType ?? -1 : undefined,
    icmpcode: icmp ? spec.icmpCode ?? -1 : undefined,
    cidrlist: spec.cidrs.length > 0 ? spec.cidrs.join(',') : undefined,
  };
}

export function matchesFirewallSpec(spec: FirewallSpec, listed: Listed): boolean {
  if (String(listed.protocol ?? '').toLowerCase() !== spec.protocol) return false;
  if (spec.protocol === 'icmp') return sameValue(listed.icmptype, spec.icmpType ?? -1) && sameValue(listed.icmpcode, spec.icmpCode ?? -1);
  if (spec.protocol === 'tcp' || spec.protocol === 'udp') return sameValue(listed.startport, spec.startPort) && sameValue(listed.endport, spec.endPort);
  return true;
}

/** The schema of the properties firewallSpecFrom reads, shared by both firewall rule types. */
export function firewallProperties(protocols: string): Record<string, PropertySchema> {
  return {
    Protocol: { type: 'String', required: true, description: `Protocol: ${protocols}.`, cloudstackParameter: 'protocol', updateBehavior: 'Replacement' },
    StartPort: { type: 'Integer', description: 'First port of the range (tcp, udp).', cloudstackParameter: 'startport', updateBehavior: 'Replacement' },
    EndPort: { type: 'Integer', description: 'Last port of the range; defaults to StartPort.', cloudstackParameter: 'endport', updateBehavior: 'Replacement' },
    IcmpType: { type: 'Integer', description: 'ICMP type (icmp; -1 for all).', cloudstackParameter: 'icmptype', updateBehavior: 'Replacement' },
    IcmpCode: { type: 'Integer', description: 'ICMP code (icmp; -1 for all).', cloudstackParameter: 'icmpcode', updateBehavior: 'Replacement' },
    CidrList: CIDR_LIST_PROPERTY,
  };
}
