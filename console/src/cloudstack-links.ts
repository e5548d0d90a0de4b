/**
 * Where CloudStack's UI (4.15 and later, hash routes under /client/#/) shows an object of each
 * resource type. Types whose physical id is not one object's UUID (a group's name, a rule) have
 * no page of their own.
 */
const UI_ROUTES: Record<string, string> = {
  'CloudStack::VirtualMachine': 'vm',
  'AWS::EC2::Instance': 'vm',
  'CloudStack::Network': 'guestnetwork',
  'CloudStack::PublicIpAddress': 'publicip',
  'AWS::EC2::EIP': 'publicip',
  'CloudStack::SecurityGroup': 'securitygroups',
  'AWS::EC2::SecurityGroup': 'securitygroups',
  'CloudStack::Volume': 'volume',
  'CloudStack::AffinityGroup': 'affinitygroup',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function cloudStackUiLink(base: string | null, type: string, physicalId: string | undefined): string | undefined {
  const route = UI_ROUTES[type];
  if (!base || !route || !physicalId || !UUID.test(physicalId)) return undefined;
  return `${base}/#/${route}/${physicalId}`;
}
