import { successPayload } from '../cloudstack-api';
import type { CommandContext } from './context';
import { removeRelatedFirewallRules } from './network-rules';
import type { SimulatorState } from './state/store';
import { firewallRules, type FirewallRule, type RuleState } from './state/network-rules';

/** A kind of forwarding rule (port forwarding, IP forwarding): where it lives and how it shows. */
export interface ForwardingRuleKind<R extends { id: string; state: RuleState }> {
  rules(state: SimulatorState): Map<string, R>;
  /** The key of the job result, e.g. `portforwardingrule`. */
  objectName: string;
  view(state: SimulatorState, rule: R): object;
}

/**
 * The create job both forwarding rules share: the rule (and the firewall rule CloudStack opens
 * for it, when asked) is Add until the job applies it; a failed job leaves neither behind.
 */
export function submitForwardingRuleCreate<R extends { id: string; state: RuleState }>(ctx: CommandContext, kind: ForwardingRuleKind<R>, rule: R, opened?: FirewallRule): Record<string, unknown> {
  kind.rules(ctx.state).set(rule.id, rule);
  if (opened) firewallRules(ctx.state).set(opened.id, opened);
  return ctx.submitJob({
    instanceType: 'FirewallRule', instanceId: rule.id, returnsId: true,
    complete() {
      rule.state = 'Active';
      if (opened) opened.state = 'Active';
      return { [kind.objectName]: kind.view(ctx.state, rule) };
    },
    onFailure() {
      kind.rules(ctx.state).delete(rule.id);
      removeRelatedFirewallRules(ctx.state, rule.id);
    },
  });
}

/** The delete job both forwarding rules share: Revoke until done, removing the rule's firewall rule and tags. */
export function submitForwardingRuleDelete<R extends { id: string; state: RuleState }>(ctx: CommandContext, kind: ForwardingRuleKind<R>, rule: R): Record<string, unknown> {
  rule.state = 'Revoke';
  return ctx.submitJob({
    instanceType: 'FirewallRule', instanceId: rule.id,
    complete() {
      kind.rules(ctx.state).delete(rule.id);
      removeRelatedFirewallRules(ctx.state, rule.id);
      ctx.state.removeTagsOf(rule.id);
      return successPayload();
    },
    onFailure: () => {
      rule.state = 'Active';
    },
  });
}
