import type { ResourceContext } from '../../resource-type';
import { deleteTolerantly } from '../../support/gone';
import { finishPendingStep, runJobStepOnce } from '../../support/job-steps';
import { stackTagFilter } from '../../support/tagging';
import { carriesOwnTags, type ExistingObject } from '../../support/ownership';
import { CreateOnceOptions, createOnce } from './create-once';
import { tagWithStackOnce } from './tag-once';

export interface PublicIpView {
  id: string;
  ipaddress: string;
  zoneid?: string;
  associatednetworkid?: string;
  isstaticnat?: boolean;
  virtualmachineid?: string;
}

/** IPs carrying this resource's tags: acquiring an IP takes no name, so nothing else can collide. */
async function ipsTaggedFor(ctx: ResourceContext): Promise<ExistingObject[]> {
  const tagged = await ctx.api.listAll<ExistingObject>('listPublicIpAddresses', stackTagFilter(ctx), 'publicipaddress');
  // Another generation of this resource matches the filter too: only this one's are candidates.
  return tagged.filter((ip) => carriesOwnTags(ctx, ip.tags));
}

export async function findPublicIp(ctx: ResourceContext, query: Record<string, string>): Promise<PublicIpView | undefined> {
  const found = await ctx.api.listAll<PublicIpView>('listPublicIpAddresses', query, 'publicipaddress');
  return found[0];
}

/**
 * Acquires a public IP in a network and tags it with the stack. The id is remembered (through
 * `memory`) as soon as associateIpAddress answers; a run that crashed before that finds the IP
 * by its stack tags. The address comes from the job's answer, or a read when there is none.
 */
export async function allocatePublicIp(
  ctx: ResourceContext,
  networkId: string,
  memory: Pick<CreateOnceOptions, 'remember' | 'remembered'>,
): Promise<PublicIpView> {
  const { id, createdNow, answer } = await createOnce(ctx, {
    step: 'associate',
    command: 'associateIpAddress',
    params: { networkid: networkId },
    resultKey: 'ipaddress',
    ...memory,
    findExisting: () => ipsTaggedFor(ctx),
  });
  await tagWithStackOnce(ctx, 'PublicIpAddress', id, createdNow);
  // associateIpAddress answers the address it acquired; a resumed or adopted one is read.
  const answered = answer as PublicIpView | undefined;
  if (answered?.id === id && answered.ipaddress) return answered;
  const ip = await findPublicIp(ctx, { id });
  if (!ip) throw new Error(`Public IP ${id} was acquired but cannot be found`);
  return ip;
}

/**
 * Releases the IP; CloudStack removes its static NAT and rules with it. Gone is success.
 * The release is never submitted twice (runJobStepOnce): CloudStack keeps an address's id when it
 * is freed, so a second release after the account acquired the same address again by hand would
 * take the user's address.
 */
export async function releasePublicIp(ctx: ResourceContext, id: string | undefined): Promise<void> {
  // CloudStack refuses to release an address still being allocated: let a crashed create's job end.
  await finishPendingStep(ctx, 'associate');
  const target = id ?? (await ipsTaggedFor(ctx))[0]?.id;
  if (!target) return;
  await deleteTolerantly(() => runJobStepOnce(ctx, 'release', 'disassociateIpAddress', { id: target }, { instanceId: target, commandClass: 'DisassociateIPAddrCmd' }));
}

/** The account's first isolated network in a zone: where an IP goes when no network is named. */
export async function defaultGuestNetwork(ctx: ResourceContext, zoneId: string): Promise<string> {
  const networks = await ctx.api.listAll<{ id: string; type: string }>('listNetworks', { zoneid: zoneId, type: 'Isolated' }, 'network');
  const network = networks.find((n) => n.type.toLowerCase() === 'isolated');
  if (!network) throw new Error(`No isolated network of the account in zone ${zoneId} to acquire a public IP in; name one`);
  return network.id;
}
