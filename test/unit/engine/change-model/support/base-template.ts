import type { TemplateJson } from './template-builder';

/** A network, a server in it, a public IP with a rule, and a balancer to the server. */
export function baseTemplate(): TemplateJson {
  return {
    Parameters: {
      Size: { Type: 'String', Default: 'small' },
      Env: { Type: 'String', Default: 'prod' },
      Unused: { Type: 'String', Default: 'a' },
    },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Resources: {
      Net: { Type: 'Test::Net', Properties: { Zone: 'z1', Offering: 'isolated', Text: 'net' } },
      Server: {
        Type: 'Test::Server',
        Properties: { Image: 'ubuntu', Size: { Ref: 'Size' }, Networks: [{ Ref: 'Net' }], Label: { 'Fn::If': ['IsProd', 'web-prod', 'web-dev'] } },
      },
      Ip: { Type: 'Test::Ip', Properties: { Network: { Ref: 'Net' } } },
      Rule: { Type: 'Test::Rule', Properties: { Ip: { Ref: 'Ip' }, Port: 80 } },
      Balancer: { Type: 'Test::Balancer', Properties: { Ip: { Ref: 'Ip' }, Port: 80, Members: [{ Ref: 'Server' }] } },
    },
  };
}
