import { CloudStackApiError, ErrorCode, singlePayload } from '../../cloudstack-api';
import { invalidParameter } from '../errors';
import { LIST_PARAMS, TAGS_FILTER_PARAM, type CommandSpec, type ResponseField } from '../registry';
import type { Template, Zone } from '../state/types';
import { diskOfferingView, networkOfferingView, serviceOfferingView, templateView, zoneView } from '../views/infrastructure';

const field = (name: string, type: ResponseField['type'], description: string): ResponseField => ({ name, type, description });
const ID_NAME = (what: string) => [field('id', 'string', `the id of the ${what}`), field('name', 'string', `the name of the ${what}`)];
export const SIMULATED_VERSION = '4.19.0.0';

const listCapabilities: CommandSpec = {
  name: 'listCapabilities',
  description: 'Lists capabilities',
  isasync: false,
  params: [],
  response: [
    field('cloudstackversion', 'string', 'version of the cloud stack'), field('securitygroupsenabled', 'boolean', 'true if security groups support is enabled, false otherwise'),
    field('userpublictemplateenabled', 'boolean', 'true if user and domain admins can set templates to be shared, false otherwise'),
    field('customdiskofferingmaxsize', 'long', 'maximum size that can be specified when create disk from disk offering with custom size'),
  ],
  handler(ctx) {
    return singlePayload('capability', {
      securitygroupsenabled: [...ctx.state.zones.values()].some((z) => z.securityGroupsEnabled),
      dynamicrolesenabled: true,
      cloudstackversion: SIMULATED_VERSION,
      userpublictemplateenabled: false,
      supportELB: 'false',
      projectinviterequired: false,
      allowusercreateprojects: true,
      customdiskofferingminsize: 1,
      customdiskofferingmaxsize: 1024,
      regionsecondaryenabled: false,
      kvmsnapshotenabled: false,
      allowuserviewdestroyedvm: true,
      allowuserexpungerecovervm: true,
      allowuserexpungerecovervolume: true,
      allowuserviewalldomainaccounts: false,
      kubernetesserviceenabled: false,
      kubernetesclusterexperimentalfeaturesenabled: false,
      defaultuipagesize: 20,
      apilimitinterval: 1,
      apilimitmax: ctx.sim.knobs.throttle,
    });
  },
};

const listZones: CommandSpec = {
  name: 'listZones',
  description: 'Lists zones',
  isasync: false,
  params: [
    ...LIST_PARAMS,
    { name: 'id', type: 'uuid', description: 'the ID of the zone', related: 'listZones' },
    { name: 'name', type: 'string', description: 'the name of the zone' },
    { name: 'available', type: 'boolean', description: 'true if you want to retrieve all available Zones. False if you only want to return the Zones from which you have at least one VM. Default is false.' },
    { name: 'networktype', type: 'string', description: 'the network type of the zone that the virtual machine belongs to' },
    { name: 'showcapacities', type: 'boolean', description: 'flag to display the capacity of the zones' },
    TAGS_FILTER_PARAM,
  ],
  response: [...ID_NAME('zone'), field('networktype', 'string', 'the network type of the zone; can be Basic or Advanced'), field('securitygroupsenabled', 'boolean', 'true if security groups support is enabled, false otherwise'), field('allocationstate', 'string', 'the allocation state of the cluster')],
  handler(ctx) {
    const { id, name, networktype } = ctx.params;
    const zones = [...ctx.state.zones.values()].filter((z) => (id === undefined || z.id === id) && (name === undefined || z.name === name) &&
      (networktype === undefined || z.networkType.toLowerCase() === networktype.toLowerCase()));
    return ctx.listAnswer('zone', zones, (z) => zoneView(ctx.state, z), (z) => [z.name, z.description]);
  },
};

const listServiceOfferings: CommandSpec = {
  name: 'listServiceOfferings',
  description: 'Lists all available service offerings.',
  isasync: false,
  params: [
    ...LIST_PARAMS,
    { name: 'id', type: 'uuid', description: 'ID of the service offering', related: 'listServiceOfferings' },
    { name: 'name', type: 'string', description: 'name of the service offering' },
    { name: 'zoneid', type: 'uuid', description: 'id of zone disk offering is associated with', related: 'listZones' },
    { name: 'virtualmachineid', type: 'uuid', description: 'the ID of the virtual machine. Pass this in if you want to see the available service offering that a virtual machine can be changed to.', related: 'listVirtualMachines' },
    { name: 'issystem', type: 'boolean', description: 'is this a system vm offering' },
  ],
  response: [
    ...ID_NAME('service offering'), field('cpunumber', 'integer', 'the number of CPU'), field('cpuspeed', 'integer', 'the clock rate CPU speed in Mhz'), field('memory', 'integer', 'the memory in MB'),
    field('issystem', 'boolean', 'is this a system vm offering'), field('systemvmtype', 'string', 'is this a the systemvm type for system vm offering'),
  ],
  handler(ctx) {
    const { id, name } = ctx.params;
    const system = ctx.bool('issystem', false);
    // QueryManagerImpl.searchForServiceOfferingsInternal: system offerings are for the root admin only.
    if (system && !ctx.isAdmin) throw invalidParameter("Only ROOT admins can access system's offering");
    const source = system ? ctx.state.systemOfferings : ctx.state.serviceOfferings;
    const offerings = [...source.values()].filter((o) => (id === undefined || o.id === id) && (name === undefined || o.name === name));
    return ctx.listAnswer('serviceoffering', offerings, serviceOfferingView, (o) => [o.name, o.displayText]);
  },
};

const listDiskOfferings: CommandSpec = {
  name: 'listDiskOfferings',
  description: 'Lists all available disk offerings.',
  isasync: false,
  params: [
    ...LIST_PARAMS,
    { name: 'id', type: 'uuid', description: 'ID of the disk offering', related: 'listDiskOfferings' },
    { name: 'name', type: 'string', description: 'name of the disk offering' },
    { name: 'zoneid', type: 'uuid', description: 'id of zone disk offering is associated with', related: 'listZones' },
  ],
  response: [...ID_NAME('disk offering'), field('disksize', 'long', 'the size of the disk offering in GB'), field('iscustomized', 'boolean', 'true if disk offering uses custom size, false otherwise')],
  handler(ctx) {
    const { id, name } = ctx.params;
    const offerings = [...ctx.state.diskOfferings.values()].filter((o) => (id === undefined || o.id === id) && (name === undefined || o.name === name));
    return ctx.listAnswer('diskoffering', offerings, diskOfferingView, (o) => [o.name, o.displayText]);
  },
};

const TEMPLATE_FILTERS = ['featured', 'self', 'selfexecutable', 'sharedexecutable', 'executable', 'community', 'all'];

/** Which templates a template filter admits for the caller (CloudStack's TemplateFilter). */
function admitsTemplate(filter: string, template: Template, accountId: string): boolean {
  const own = template.accountId === accountId;
  switch (filter) {
    case 'featured': return template.isPublic && template.isFeatured;
    case 'self':
    case 'selfexecutable': return own;
    case 'sharedexecutable': return false;
    case 'executable': return own || template.isPublic;
    case 'community': return template.isPublic && !template.isFeatured;
    default: return true;
  }
}

const listTemplates: CommandSpec = {
  name: 'listTemplates',
  description: 'List all public, private, and privileged templates.',
  isasync: false,
  params: [
    ...LIST_PARAMS,
    { name: 'templatefilter', type: 'string', required: true, description: 'possible values are "featured", "self", "selfexecutable","sharedexecutable","executable", and "community".' },
    { name: 'id', type: 'uuid', description: 'the template ID', related: 'listTemplates' },
    { name: 'name', type: 'string', description: 'the template name' },
    { name: 'zoneid', type: 'uuid', description: 'list templates by zoneId', related: 'listZones' },
    { name: 'hypervisor', type: 'string', description: 'the hypervisor for which to restrict the search' },
    TAGS_FILTER_PARAM,
  ],
  response: [...ID_NAME('template'), field('displaytext', 'string', 'the template display text'), field('zoneid', 'string', 'the ID of the zone for this template'), field('isready', 'boolean', 'true if the template is ready to be deployed from, false otherwise.')],
  handler(ctx) {
    const filter = ctx.requireStr('templatefilter').toLowerCase();
    if (!TEMPLATE_FILTERS.includes(filter)) throw invalidParameter(`Invalid templatefilter ${filter}: expected one of ${TEMPLATE_FILTERS.join(', ')}`);
    if (filter === 'all' && ctx.caller.role !== 'Admin') {
      throw new CloudStackApiError(ErrorCode.ACCOUNT_ERROR, 'Only admins can list templates with templatefilter=all');
    }
    const { id, name, zoneid, hypervisor } = ctx.params;
    const entries: Array<{ id: string; template: Template; zone: Zone }> = [];
    for (const template of ctx.state.templates.values()) {
      if (!admitsTemplate(filter, template, ctx.caller.account.id)) continue;
      if ((id !== undefined && template.id !== id) || (name !== undefined && template.name !== name)) continue;
      if (hypervisor !== undefined && template.hypervisor.toLowerCase() !== hypervisor.toLowerCase()) continue;
      for (const zone of ctx.state.zones.values()) {
        if (zoneid === undefined || zone.id === zoneid) entries.push({ id: template.id, template, zone });
      }
    }
    return ctx.listAnswer('template', entries, (e) => templateView(ctx.state, e.template, e.zone), (e) => [e.template.name, e.template.displayText]);
  },
};

const listNetworkOfferings: CommandSpec = {
  name: 'listNetworkOfferings',
  description: 'Lists all available network offerings.',
  isasync: false,
  params: [
    ...LIST_PARAMS,
    { name: 'id', type: 'uuid', description: 'list network offerings by ID', related: 'listNetworkOfferings' },
    { name: 'name', type: 'string', description: 'list network offerings by name' },
    { name: 'guestiptype', type: 'string', description: 'list network offerings by guest type: shared or isolated' },
    { name: 'isdefault', type: 'boolean', description: 'true if need to list only default network offerings. Default value is false' },
    { name: 'zoneid', type: 'uuid', description: 'list network offerings available for network creation in specific zone', related: 'listZones' },
    { name: 'state', type: 'string', description: 'list network offerings by state' },
  ],
  response: [...ID_NAME('network offering'), field('guestiptype', 'string', 'guest type of the network offering, can be Shared or Isolated'), field('availability', 'string', 'availability of the network offering')],
  handler(ctx) {
    const { id, name, guestiptype, isdefault } = ctx.params;
    const offerings = [...ctx.state.networkOfferings.values()].filter((o) => (id === undefined || o.id === id) && (name === undefined || o.name === name) &&
      (guestiptype === undefined || o.guestIpType.toLowerCase() === guestiptype.toLowerCase()) && (isdefault === undefined || o.isDefault === (isdefault === 'true')));
    return ctx.listAnswer('networkoffering', offerings, (o) => networkOfferingView(ctx.state, o), (o) => [o.name, o.displayText]);
  },
};

export const infrastructureCommands: CommandSpec[] = [listCapabilities, listZones, listServiceOfferings, listDiskOfferings, listTemplates, listNetworkOfferings];
