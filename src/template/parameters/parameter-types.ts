/**
 * Parameter types. CloudStack-flavoured ids are strings checked by the engine against the cloud;
 * the AWS-specific ones (AWS::EC2::KeyPair::KeyName, ...) are plain strings here so Heat's and
 * AWS's sample templates validate.
 */
const SCALAR_TYPES: ReadonlySet<string> = new Set([
  'String', 'Number',
  'CloudStack::Zone::Id', 'CloudStack::Template::Id', 'CloudStack::ServiceOffering::Id',
  'CloudStack::DiskOffering::Id', 'CloudStack::Network::Id', 'CloudStack::SSHKeyPair::Name',
  'AWS::EC2::KeyPair::KeyName', 'AWS::EC2::AvailabilityZone::Name', 'AWS::EC2::Image::Id',
  'AWS::EC2::Instance::Id', 'AWS::EC2::SecurityGroup::Id', 'AWS::EC2::SecurityGroup::GroupName',
  'AWS::EC2::Subnet::Id', 'AWS::EC2::VPC::Id', 'AWS::EC2::Volume::Id',
]);

const LIST_ITEM_TYPES: ReadonlySet<string> = new Set([...SCALAR_TYPES].filter((type) => type !== 'String'));

export type ParameterShape = { kind: 'scalar'; numeric: boolean } | { kind: 'list'; numeric: boolean };

/** How a parameter type's value looks, or undefined for a type this service does not know. */
export function parameterShape(type: string): ParameterShape | undefined {
  if (SCALAR_TYPES.has(type)) return { kind: 'scalar', numeric: type === 'Number' };
  if (type === 'CommaDelimitedList') return { kind: 'list', numeric: false };
  const listOf = /^List<(.+)>$/.exec(type)?.[1];
  if (listOf !== undefined && LIST_ITEM_TYPES.has(listOf)) return { kind: 'list', numeric: listOf === 'Number' };
  return undefined;
}

export function knownParameterTypes(): string[] {
  return [...SCALAR_TYPES, 'CommaDelimitedList', ...[...LIST_ITEM_TYPES].map((type) => `List<${type}>`)];
}
