import type { PropertySchema } from '../../template/schema/resource-type-schema';
import type { ResourceContext } from '../resource-type';
import { dataDiskParameters } from './data-disks';
import { optionalString, stringList } from './properties';
import { resolveZone, ZONE_PROPERTY } from './zones';

/**
 * The properties a VM and a VM group share: what deployVirtualMachine takes. The update
 * behaviours are a single VM's (the handler in types/shared/vm-update.ts): what CloudStack
 * changes only on a stopped VM is SomeInterruption (user data, key pair, affinity and security
 * groups), and so is the service offering, since a live scale depends on the zone, hypervisor and
 * offering and is only tried.
 */
export const VM_PROPERTIES: Record<string, PropertySchema> = {
  Zone: ZONE_PROPERTY,
  Template: { type: 'String', required: true, description: 'Template name or id.', cloudstackParameter: 'templateid', updateBehavior: 'Replacement' },
  ServiceOffering: { type: 'String', required: true, description: 'Service offering name or id.', cloudstackParameter: 'serviceofferingid', updateBehavior: 'SomeInterruption' },
  Networks: { type: 'List', itemType: 'String', description: 'Network names or ids; the first is the default NIC.', cloudstackParameter: 'networkids', updateBehavior: 'Replacement' },
  SecurityGroups: { type: 'List', itemType: 'String', description: 'Security group names (security-group zones).', cloudstackParameter: 'securitygroupnames', updateBehavior: 'SomeInterruption' },
  SecurityGroupIds: { type: 'List', itemType: 'String', description: 'Security group ids (security-group zones).', cloudstackParameter: 'securitygroupids', updateBehavior: 'SomeInterruption' },
  KeyPair: { type: 'String', description: 'SSH key pair name.', cloudstackParameter: 'keypair', updateBehavior: 'SomeInterruption' },
  AffinityGroupIds: { type: 'List', itemType: 'String', description: 'Affinity group ids.', cloudstackParameter: 'affinitygroupids', updateBehavior: 'SomeInterruption' },
  DataDiskOffering: {
    type: 'String',
    description: 'Disk offering name or id of a data disk created with the VM (deployVirtualMachine diskofferingid), attached as its second disk (device 1); deleted with the VM (destroyVirtualMachine volumeids, CloudStack 4.12 and later).',
    cloudstackParameter: 'diskofferingid',
    updateBehavior: 'Replacement',
  },
  DataDiskSize: { type: 'Integer', description: 'Size in GB of the data disk, for a custom-size DataDiskOffering (deployVirtualMachine size).', cloudstackParameter: 'size', updateBehavior: 'Replacement' },
  UserData: {
    type: 'String',
    description: 'User data as plain text (cloud-config or a script); encoded to base64 here. ${SignalUrl} is replaced by the signal URL of the CreationPolicy; in a group also ${Index}, ${Count}, ${PrivateIp} and ${PrivateIps}.',
    cloudstackParameter: 'userdata',
    updateBehavior: 'SomeInterruption',
  },
};

export interface DeployBase {
  zoneid: string;
  templateid: string;
  serviceofferingid: string;
  networkids?: string;
  securitygroupnames?: string;
  securitygroupids?: string;
  keypair?: string;
  affinitygroupids?: string;
  diskofferingid?: string;
  size?: number;
}

/** Resolves names to ids and returns the deploy parameters common to every VM of the resource. */
export async function deployParameters(ctx: ResourceContext): Promise<DeployBase> {
  const zoneid = await resolveZone(ctx);
  const keyPair = optionalString(ctx.properties, 'KeyPair');
  const join = (items: string[]) => (items.length ? items.join(',') : undefined);
  // Independent look-ups, at once: a VM's deploy waits for the slowest of them, not their sum.
  const [networks, templateid, serviceofferingid, keypair, dataDisk] = await Promise.all([
    Promise.all(stringList(ctx.properties, 'Networks').map((n) => ctx.api.resolveNetworkId(n, zoneid))),
    ctx.api.resolveTemplateId(String(ctx.properties.Template), zoneid),
    ctx.api.resolveServiceOfferingId(String(ctx.properties.ServiceOffering)),
    keyPair ? ctx.api.resolveKeyPairName(keyPair) : undefined,
    dataDiskParameters(ctx),
  ]);
  return {
    zoneid,
    templateid,
    serviceofferingid,
    networkids: join(networks),
    securitygroupnames: join(stringList(ctx.properties, 'SecurityGroups')),
    securitygroupids: join(stringList(ctx.properties, 'SecurityGroupIds')),
    keypair,
    affinitygroupids: join(stringList(ctx.properties, 'AffinityGroupIds')),
    ...dataDisk,
  };
}

/** Replaces the runtime placeholders the engine knows; anything else is left for the VM. */
export function renderUserData(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{(Index|Count|PrivateIp|PrivateIps|SignalUrl)\}/g, (whole, name: string) => values[name] ?? whole);
}

export function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
