import { formatCloudStackDate } from '../../cloudstack-api';
import type { SimulatorState } from '../state/store';
import type { DiskOffering, NetworkOffering, ServiceOffering, Template, Zone } from '../state/types';
import { tagsViewOf } from '../tags';

export function zoneView(state: SimulatorState, zone: Zone): Record<string, unknown> {
  return {
    id: zone.id,
    name: zone.name,
    description: zone.description,
    dns1: zone.dns1,
    dns2: zone.dns2,
    internaldns1: zone.internalDns1,
    guestcidraddress: zone.guestCidr,
    networktype: zone.networkType,
    securitygroupsenabled: zone.securityGroupsEnabled,
    allocationstate: 'Enabled',
    zonetoken: zone.id.replace(/-/g, '').slice(0, 32),
    dhcpprovider: 'VirtualRouter',
    localstorageenabled: false,
    type: 'Core',
    hasannotations: false,
    tags: tagsViewOf(state, zone.id),
  };
}

export function serviceOfferingView(offering: ServiceOffering): Record<string, unknown> {
  return {
    id: offering.id,
    name: offering.name,
    displaytext: offering.displayText,
    cpunumber: offering.cpuNumber,
    cpuspeed: offering.cpuSpeed,
    memory: offering.memory,
    created: formatCloudStackDate(offering.created),
    storagetype: 'shared',
    provisioningtype: 'thin',
    offerha: false,
    limitcpuuse: false,
    isvolatile: false,
    issystem: offering.systemVmType !== undefined,
    systemvmtype: offering.systemVmType,
    defaultuse: false,
    iscustomized: false,
    // CloudStack 4.16+ (ServiceOfferingResponse): true unless the offering was created without it.
    // A VM still scales live only if its template and the zone allow it (the seeded ones do not).
    dynamicscalingenabled: true,
    cacheMode: 'none',
    hasannotations: false,
  };
}

export function diskOfferingView(offering: DiskOffering): Record<string, unknown> {
  return {
    id: offering.id,
    name: offering.name,
    displaytext: offering.displayText,
    disksize: offering.diskSize,
    created: formatCloudStackDate(offering.created),
    iscustomized: offering.customized,
    storagetype: 'shared',
    provisioningtype: 'thin',
    cacheMode: 'none',
    displayoffering: true,
    hasannotations: false,
  };
}

/** A template as listed for one zone: CloudStack lists a template once per zone it is in. */
export function templateView(state: SimulatorState, template: Template, zone: Zone): Record<string, unknown> {
  const account = state.accounts.get(template.accountId);
  const domain = state.domains.get(template.domainId);
  return {
    id: template.id,
    name: template.name,
    displaytext: template.displayText,
    ispublic: template.isPublic,
    created: formatCloudStackDate(template.created),
    isready: true,
    passwordenabled: template.passwordEnabled,
    format: template.format,
    isfeatured: template.isFeatured,
    crossZones: false,
    ostypeid: template.osTypeId,
    ostypename: template.osTypeName,
    account: account?.name,
    zoneid: zone.id,
    zonename: zone.name,
    status: 'Download Complete',
    size: template.size,
    templatetype: 'USER',
    hypervisor: template.hypervisor,
    domain: domain?.name,
    domainid: template.domainId,
    isextractable: false,
    sshkeyenabled: false,
    isdynamicallyscalable: false,
    directdownload: false,
    deployasis: false,
    requireshvm: true,
    bootable: true,
    details: {},
    hasannotations: false,
    tags: tagsViewOf(state, template.id),
  };
}

/** Network offerings use the virtual router, so each names the router's system offering. */
export function networkOfferingView(state: SimulatorState, offering: NetworkOffering): Record<string, unknown> {
  const router = [...state.systemOfferings.values()].find((o) => o.systemVmType === 'domainrouter');
  return {
    id: offering.id,
    name: offering.name,
    displaytext: offering.displayText,
    traffictype: 'Guest',
    isdefault: offering.isDefault,
    specifyvlan: offering.specifyVlan,
    conservemode: true,
    specifyipranges: offering.specifyIpRanges,
    availability: offering.availability,
    networkrate: 200,
    state: 'Enabled',
    guestiptype: offering.guestIpType,
    serviceofferingid: router?.id,
    service: offering.services.map((name) => ({ name, provider: [{ name: name === 'SecurityGroup' ? 'SecurityGroupProvider' : 'VirtualRouter' }], capability: [] })),
    forvpc: false,
    ispersistent: false,
    egressdefaultpolicy: true,
    supportsstrechedl2subnet: false,
    supportspublicaccess: false,
    created: formatCloudStackDate(offering.created),
    fordisplay: true,
    hasannotations: false,
  };
}
