import type { ResourceContext, ResourceType } from '../resource-type';
import { deleteTolerantly } from '../support/gone';
import { createdIdOfStep, finishPendingStep, runCallStep, runJobStep, stepStarted } from '../support/job-steps';
import { claimExisting } from '../support/ownership';
import { deterministicName } from '../support/naming';
import { optionalNumber, optionalString } from '../support/properties';
import { creationPolicyToken, waitForSignals } from '../support/signal-wait';
import { deployParameters, renderUserData, toBase64, VM_PROPERTIES } from '../support/vm-properties';
import { listVmsById, privateIpOf, tagVmsOnce, vmsNamed, vmsTaggedFor } from '../support/vm-lookup';

const MAX_MEMBERS = 1000;

type Members = Record<string, string>;

function membersOf(ctx: ResourceContext): Members {
  return (ctx.state.metadata.members as Members | undefined) ?? {};
}

function memberNames(ctx: ResourceContext): string[] {
  const count = optionalNumber(ctx.properties, 'Count') ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_MEMBERS) throw new Error(`Count must be an integer from 1 to ${MAX_MEMBERS}, got ${count}`);
  const base = optionalString(ctx.properties, 'NamePrefix') ?? deterministicName(ctx);
  return Array.from({ length: count }, (_, i) => `${base}-${i + 1}`);
}

function deployStepNames(ctx: ResourceContext): string[] {
  const steps = (ctx.state.metadata.steps as Record<string, unknown> | undefined) ?? {};
  return Object.keys(steps).filter((step) => /^deploy-\d+$/.test(step));
}

async function recordMember(ctx: ResourceContext, index: number, id: string): Promise<void> {
  await ctx.save({ metadata: { ...ctx.state.metadata, members: { ...membersOf(ctx), [String(index)]: id } } });
}

/**
 * Members whose deploy was never submitted, checked against the VMs already named like them,
 * before any is deployed: one carrying this group's tags is adopted, any other fails the group.
 */
async function claimMemberNames(ctx: ResourceContext, names: string[]): Promise<void> {
  const unsubmitted = names.map((name, i) => ({ name, index: i + 1 }))
    .filter(({ index }) => !membersOf(ctx)[String(index)] && !stepStarted(ctx, `deploy-${index}`));
  if (unsubmitted.length === 0) return;
  const named = await vmsNamed(ctx, unsubmitted.map((m) => m.name));
  for (const { name, index } of unsubmitted) {
    const adopted = claimExisting(ctx, named.get(name) ?? []);
    if (adopted) await recordMember(ctx, index, adopted);
  }
}

/** Phase 1: every member deployed stopped, in parallel. A stopped VM already has its guest IP. */
async function deployStopped(ctx: ResourceContext, names: string[]): Promise<string[]> {
  await claimMemberNames(ctx, names);
  const base = await deployParameters(ctx);
  return Promise.all(names.map(async (name, i) => {
    const index = i + 1;
    await finishPendingStep(ctx, `deploy-${index}`);
    const known = membersOf(ctx)[String(index)];
    if (known) return known;
    const result = await runJobStep(ctx, `deploy-${index}`, 'deployVirtualMachine', {
      ...base,
      name,
      displayname: name,
      startvm: false,
    }, async (id) => {
      if (id) await recordMember(ctx, index, id);
    });
    const id = String((result.virtualmachine as { id: string }).id);
    await recordMember(ctx, index, id);
    return id;
  }));
}

/** Phases 2 and 3: each member's user data rendered with its index and every member's IP, then set. */
async function renderAndSetUserData(ctx: ResourceContext, ids: string[], ips: string[], signalUrl: string | undefined): Promise<void> {
  const text = optionalString(ctx.properties, 'UserData');
  if (text === undefined) return;
  await Promise.all(ids.map((id, i) => runCallStep(ctx, `userdata-${i + 1}`, async () => {
    const rendered = renderUserData(text, {
      Index: String(i + 1),
      Count: String(ids.length),
      PrivateIp: ips[i],
      PrivateIps: ips.join(','),
      ...(signalUrl ? { SignalUrl: signalUrl } : {}),
    });
    await ctx.api.request('updateVirtualMachine', { id, userdata: toBase64(rendered) });
    return {};
  })));
}

export const virtualMachineGroupType: ResourceType = {
  schema: {
    typeName: 'CloudStack::VirtualMachineGroup',
    description:
      'Count identical VMs that know each other: members are deployed stopped, their guest IPs collected, each member\'s user data rendered with ${Index} (1-based), ${Count}, ${PrivateIp} and ${PrivateIps} (every member\'s IP, comma-separated, in index order), and only then started.',
    properties: {
      ...VM_PROPERTIES,
      Count: { type: 'Integer', required: true, description: 'Number of members (1-1000).', updateBehavior: 'Replacement' },
      NamePrefix: { type: 'String', description: 'Members are named <NamePrefix>-1 ... <NamePrefix>-<Count>; defaults to a name derived from the stack and logical id.', cloudstackParameter: 'name', updateBehavior: 'Replacement' },
    },
    attributes: {
      MemberIds: { type: 'List', description: 'The member VM ids, in index order.' },
      PrivateIps: { type: 'List', description: 'The member IPs, in index order.' },
      PrivateIpList: { type: 'String', description: 'The member IPs, comma-separated, in index order.' },
      Count: { type: 'Number', description: 'The number of members.' },
    },
  },

  async create(ctx) {
    const names = memberNames(ctx);
    const base = names[0].replace(/-1$/, '');
    if (!ctx.state.physicalId) await ctx.save({ physicalId: base });
    const token = await creationPolicyToken(ctx);
    const ids = await deployStopped(ctx, names);
    await tagVmsOnce(ctx, ids);
    const vms = await listVmsById(ctx, ids);
    const ips = ids.map((id) => {
      const vm = vms.get(id);
      const ip = vm && privateIpOf(vm);
      if (!ip) throw new Error(`Group member ${id} has no guest IP address`);
      return ip;
    });
    await renderAndSetUserData(ctx, ids, ips, token ? ctx.signals.urlFor(token) : undefined);
    await Promise.all(ids.map((id, i) => {
      if (vms.get(id)?.state === 'Running') return undefined;
      return runJobStep(ctx, `start-${i + 1}`, 'startVirtualMachine', { id });
    }));
    if (token && ctx.creationPolicy) await waitForSignals(ctx, token, ctx.creationPolicy, `Resource ${ctx.logicalId}`);
    return { physicalId: base, attributes: { MemberIds: ids, PrivateIps: ips, PrivateIpList: ips.join(','), Count: ids.length } };
  },

  async delete(ctx) {
    const recorded = Object.values(membersOf(ctx));
    // A member whose deploy a crashed run submitted but never recorded is found through its job
    // (and, once tagged, by its tags): never by its name, which a user's VM may carry.
    const submitted = await Promise.all(deployStepNames(ctx).map((step) => createdIdOfStep(ctx, step, 'virtualmachine')));
    const tagged = ctx.state.physicalId ? (await vmsTaggedFor(ctx)).map((vm) => vm.id) : [];
    const ids = [...new Set([...recorded, ...submitted.filter((id): id is string => id !== undefined), ...tagged])];
    await Promise.all(ids.map((id) => deleteTolerantly(() => runJobStep(ctx, `destroy-${id}`, 'destroyVirtualMachine', { id, expunge: true }))));
    const token = ctx.state.metadata.signalToken as string | undefined;
    if (token) await ctx.signals.unregister(token);
  },
};
