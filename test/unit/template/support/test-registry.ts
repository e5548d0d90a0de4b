import type { ResourceTypeSchema } from '../../../../src/template/schema/resource-type-schema';
import { TypeRegistry } from '../../../../src/template/schema/type-registry';

const VIRTUAL_MACHINE: ResourceTypeSchema = {
  typeName: 'CloudStack::VirtualMachine',
  properties: {
    Zone: { type: 'String', required: true, description: 'zone name or id', cloudstackParameter: 'zoneid', updateBehavior: 'Replacement' },
    Template: { type: 'String', required: true, description: 'template name or id', cloudstackParameter: 'templateid' },
    ServiceOffering: { type: 'String', required: true, description: 'service offering', cloudstackParameter: 'serviceofferingid', updateBehavior: 'Mutable' },
    UserData: { type: 'String', description: 'user data', cloudstackParameter: 'userdata' },
    StartVm: { type: 'Boolean', description: 'start after deploy', cloudstackParameter: 'startvm' },
    SecurityGroups: { type: 'List', itemType: 'String', description: 'security group ids', cloudstackParameter: 'securitygroupids' },
    Tags: { type: 'Map', description: 'tags' },
  },
  attributes: {
    PrivateIp: { type: 'String', description: 'guest IP' },
    PublicIp: { type: 'String', description: 'public IP' },
    Password: { type: 'String', description: 'generated password' },
  },
};

const VIRTUAL_MACHINE_GROUP: ResourceTypeSchema = {
  typeName: 'CloudStack::VirtualMachineGroup',
  properties: {
    Count: { type: 'Integer', required: true, description: 'members' },
    Zone: { type: 'String', required: true, description: 'zone' },
    Template: { type: 'String', description: 'template' },
    UserData: { type: 'String', description: 'user data' },
  },
  attributes: { PrivateIps: { type: 'List', description: 'members\' guest IPs' } },
};

const SECURITY_GROUP: ResourceTypeSchema = {
  typeName: 'CloudStack::SecurityGroup',
  properties: {
    Name: { type: 'String', description: 'name' },
    IngressRules: { type: 'List', itemType: 'Map', description: 'ingress rules' },
    Port: { type: 'Number', description: 'port' },
  },
  attributes: {},
};

const EC2_INSTANCE: ResourceTypeSchema = {
  typeName: 'AWS::EC2::Instance',
  properties: {
    ImageId: { type: 'String', required: true, description: 'template' },
    InstanceType: { type: 'String', description: 'service offering' },
    AvailabilityZone: { type: 'String', description: 'zone' },
    KeyName: { type: 'String', description: 'key pair' },
    UserData: { type: 'String', description: 'user data' },
    SecurityGroups: { type: 'List', itemType: 'String', description: 'groups' },
  },
  attributes: { PrivateIp: { type: 'String', description: 'guest IP' }, PublicIp: { type: 'String', description: 'public IP' } },
};

const WAIT_CONDITION_HANDLE: ResourceTypeSchema = {
  typeName: 'AWS::CloudFormation::WaitConditionHandle',
  properties: {},
  attributes: {},
};

const WAIT_CONDITION: ResourceTypeSchema = {
  typeName: 'AWS::CloudFormation::WaitCondition',
  properties: {
    Handle: { type: 'String', required: true, description: 'handle URL' },
    Timeout: { type: 'Integer', required: true, description: 'seconds' },
    Count: { type: 'Integer', description: 'signals needed' },
  },
  attributes: { Data: { type: 'Json', description: 'signal data' } },
};

export const TEST_SCHEMAS = [VIRTUAL_MACHINE, VIRTUAL_MACHINE_GROUP, SECURITY_GROUP, EC2_INSTANCE, WAIT_CONDITION_HANDLE, WAIT_CONDITION];

export function testRegistry(): TypeRegistry {
  return new TypeRegistry(TEST_SCHEMAS);
}
