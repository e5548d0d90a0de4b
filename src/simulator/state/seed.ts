import { createHmac } from 'node:crypto';
import type { SimulatorState } from './store';
import type { Account, Domain, Network, RoleType, User } from './types';

/**
 * The seeded world: ROOT with two sub-domains, a root admin, two users in different accounts and
 * sub-domains and a domain admin of one of them; an advanced zone with isolated networks and an
 * advanced zone with security groups (and its shared guest network); offerings and templates.
 * Everything is created in a fixed order so that `--seed` makes every id and key repeatable.
 */
export const SEEDED_USERS: Array<{ username: string; account: string; domainPath: string; role: RoleType; first: string; last: string }> = [
  { username: 'admin', account: 'admin', domainPath: 'ROOT', role: 'Admin', first: 'Admin', last: 'User' },
  { username: 'alice', account: 'alice', domainPath: 'ROOT/engineering', role: 'User', first: 'Alice', last: 'Engineer' },
  { username: 'bob', account: 'bob', domainPath: 'ROOT/sales', role: 'User', first: 'Bob', last: 'Seller' },
  { username: 'engadmin', account: 'engineering-admin', domainPath: 'ROOT/engineering', role: 'DomainAdmin', first: 'Erin', last: 'Admin' },
];

export const ADVANCED_ZONE = 'zone-advanced';
export const SECURITY_GROUP_ZONE = 'zone-sg';
export const ISOLATED_OFFERING = 'DefaultIsolatedNetworkOfferingWithSourceNatService';
export const SHARED_SG_OFFERING = 'DefaultSharedNetworkOfferingWithSGService';
export const NO_VPN_OFFERING = 'IsolatedNetworkOfferingWithSourceNatServiceNoVpn';

const ISOLATED_SERVICES = ['Vpn', 'Dhcp', 'Dns', 'Firewall', 'Lb', 'UserData', 'SourceNat', 'StaticNat', 'PortForwarding'];
const SHARED_SG_SERVICES = ['Dhcp', 'Dns', 'UserData', 'SecurityGroup'];

export function seedWorld(state: SimulatorState, created = new Date()): void {
  for (const role of ['Admin', 'DomainAdmin', 'User'] as const) state.roleIds[role] = state.newId();
  seedDomainsAndUsers(state, created);
  seedZones(state);
  seedOfferings(state, created);
  seedTemplates(state, created);
  seedSharedNetwork(state, created);
  // Seeded last so that every id seeded before it stays what it was.
  seedNoVpnOffering(state, created);
}

function addDomain(state: SimulatorState, path: string, created: Date): Domain {
  const parts = path.split('/');
  const parent = parts.length > 1 ? findDomainByPath(state, parts.slice(0, -1).join('/')) : undefined;
  const domain: Domain = { id: state.newId(), name: parts[parts.length - 1], parentId: parent?.id, path, level: parts.length - 1, created };
  state.domains.set(domain.id, domain);
  return domain;
}

export function findDomainByPath(state: SimulatorState, path: string): Domain | undefined {
  return [...state.domains.values()].find((d) => d.path === path);
}

function seedDomainsAndUsers(state: SimulatorState, created: Date): void {
  for (const path of ['ROOT', 'ROOT/engineering', 'ROOT/sales']) addDomain(state, path, created);
  for (const seed of SEEDED_USERS) {
    const domain = findDomainByPath(state, seed.domainPath) as Domain;
    const account: Account = { id: state.newId(), name: seed.account, domainId: domain.id, roleType: seed.role, state: 'enabled', created };
    state.accounts.set(account.id, account);
    const user: User = {
      id: state.newId(), username: seed.username, firstname: seed.first, lastname: seed.last,
      email: `${seed.username}@example.org`, accountId: account.id,
      apiKey: state.rng.apiKey(), secretKey: state.rng.apiKey(), password: '', state: 'enabled', created,
    };
    // Derived from the secret rather than drawn, so adding it left every seeded id and key as it was.
    user.password = createHmac('sha256', user.secretKey).update('login password').digest('base64url').slice(0, 20);
    state.users.set(user.id, user);
  }
}

function seedZones(state: SimulatorState): void {
  const zones = [
    [ADVANCED_ZONE, 'Advanced zone with isolated networks', false, '10.1.1.0/24'],
    [SECURITY_GROUP_ZONE, 'Advanced zone with security groups', true, '10.2.0.0/16'],
  ] as const;
  for (const [name, description, securityGroupsEnabled, guestCidr] of zones) {
    const id = state.newId();
    const hostId = state.newId();
    state.zones.set(id, {
      id, name, description, networkType: 'Advanced', securityGroupsEnabled, dns1: '8.8.8.8', dns2: '8.8.4.4', internalDns1: '10.0.0.2', guestCidr,
      physicalNetworkId: state.newId(), hostId, hostName: `SimulatedAgent.${hostId}`,
    });
  }
}

function seedOfferings(state: SimulatorState, created: Date): void {
  for (const [name, cpuNumber, memory] of [['Small Instance', 1, 1024], ['Medium Instance', 2, 4096], ['Large Instance', 4, 8192]] as const) {
    const id = state.newId();
    state.serviceOfferings.set(id, { id, name, displayText: `${name}, ${cpuNumber} vCPU, ${memory / 1024} GB RAM`, cpuNumber, cpuSpeed: 2000, memory, created });
  }
  for (const [name, diskSize, customized] of [['Small', 5, false], ['Medium', 20, false], ['Large', 100, false], ['Custom', 0, true]] as const) {
    const id = state.newId();
    state.diskOfferings.set(id, { id, name, displayText: customized ? 'Custom Disk' : `${name} Disk, ${diskSize} GB`, diskSize, customized, created });
  }
  seedRouterOffering(state, created);
  const isolated = state.newId();
  state.networkOfferings.set(isolated, {
    id: isolated, name: ISOLATED_OFFERING, displayText: 'Offering for Isolated networks with Source Nat service enabled',
    guestIpType: 'Isolated', services: ISOLATED_SERVICES, isDefault: true, specifyVlan: false, specifyIpRanges: false, availability: 'Required', created,
  });
  const shared = state.newId();
  state.networkOfferings.set(shared, {
    id: shared, name: SHARED_SG_OFFERING, displayText: 'Offering for Shared Security group enabled networks',
    guestIpType: 'Shared', services: SHARED_SG_SERVICES, isDefault: true, specifyVlan: true, specifyIpRanges: true, availability: 'Optional', created,
  });
}

/**
 * The virtual router's system offering. Every network offering shows its id as serviceofferingid
 * (ApiResponseHelper.createNetworkOfferingResponse falls back to the offering whose unique name
 * is Cloud.Com-SoftwareRouter), and Libcloud's ex_list_network_offerings reads that field.
 */
function seedRouterOffering(state: SimulatorState, created: Date): void {
  const id = state.newId();
  state.systemOfferings.set(id, {
    id, name: 'System Offering For Software Router', displayText: 'System Offering For Software Router',
    cpuNumber: 1, cpuSpeed: 500, memory: 256, created, systemVmType: 'domainrouter',
  });
}

function seedTemplates(state: SimulatorState, created: Date): void {
  const admin = [...state.accounts.values()].find((a) => a.name === 'admin') as Account;
  const templates = [
    ['Ubuntu 22.04', 'Ubuntu 22.04 LTS (Jammy Jellyfish) with cloud-init', 'Ubuntu 22.04 LTS'],
    ['Mesos 1.11 on Ubuntu 20.04', 'Apache Mesos 1.11 with ZooKeeper and Marathon on Ubuntu 20.04 LTS', 'Ubuntu 20.04 LTS'],
    ['CentOS 7', 'CentOS 7.9 (64-bit) with cloud-init', 'CentOS 7'],
  ];
  for (const [name, displayText, osTypeName] of templates) {
    const id = state.newId();
    state.templates.set(id, {
      id, accountId: admin.id, domainId: admin.domainId, name, displayText, osTypeId: state.newId(), osTypeName,
      format: 'QCOW2', hypervisor: 'KVM', size: 10 * 1024 ** 3, isPublic: true, isFeatured: true, passwordEnabled: false, created,
    });
  }
}

/** The security-group zone's guest network: shared, domain-wide from ROOT, used by every account. */
function seedSharedNetwork(state: SimulatorState, created: Date): void {
  const zone = [...state.zones.values()].find((z) => z.securityGroupsEnabled);
  const offering = [...state.networkOfferings.values()].find((o) => o.name === SHARED_SG_OFFERING);
  const admin = [...state.accounts.values()].find((a) => a.name === 'admin');
  if (!zone || !offering || !admin) return;
  const network: Network = {
    id: state.newId(), accountId: admin.id, domainId: admin.domainId, name: 'guest-shared-sg', displayText: 'Shared guest network with security groups',
    zoneId: zone.id, networkOfferingId: offering.id, type: 'Shared', aclType: 'Domain', cidr: '10.2.0.0/16', gateway: '10.2.0.1',
    netmask: '255.255.0.0', vlan: 100, networkDomain: 'cs-sg.internal', state: 'Implemented', usedIps: new Set(), created,
  };
  state.networks.set(network.id, network);
}

/**
 * An isolated offering an admin would make (createNetworkOffering): the default's services without
 * VPN. Being isolated, without security groups, VLAN or IP ranges to specify, like the default, a
 * network can move between the two with updateNetwork (NetworkServiceImpl.canUpgrade), which no
 * pair of CloudStack's own default offerings allows.
 */
function seedNoVpnOffering(state: SimulatorState, created: Date): void {
  const id = state.newId();
  state.networkOfferings.set(id, {
    id, name: NO_VPN_OFFERING, displayText: 'Offering for Isolated networks with Source Nat service, without VPN',
    guestIpType: 'Isolated', services: ISOLATED_SERVICES.filter((s) => s !== 'Vpn'), isDefault: false, specifyVlan: false, specifyIpRanges: false,
    availability: 'Optional', created,
  });
}
