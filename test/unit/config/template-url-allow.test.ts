import { ConfigError, loadConfig } from '../../../src/config';

describe('CSF_TEMPLATE_URL_ALLOW', () => {
  it('allows nothing beyond public addresses by default', () => {
    expect(loadConfig({}).templateUrlAllow).toEqual({ hosts: [], subnets: [] });
  });

  it('reads CIDRs, single addresses and host names, comma-separated', () => {
    expect(loadConfig({ CSF_TEMPLATE_URL_ALLOW: ' 10.20.0.0/16, fd00::/8 ,192.0.2.7, [::1], Templates.Example.ORG., ' }).templateUrlAllow).toEqual({
      hosts: ['templates.example.org'],
      subnets: [
        { address: '10.20.0.0', prefix: 16, family: 'ipv4' },
        { address: 'fd00::', prefix: 8, family: 'ipv6' },
        { address: '192.0.2.7', prefix: 32, family: 'ipv4' },
        { address: '::1', prefix: 128, family: 'ipv6' },
      ],
    });
  });

  it.each([
    ['10.0.0.0/33', 'invalid configuration: CSF_TEMPLATE_URL_ALLOW has "10.0.0.0/33": the prefix length must be 0 to 32'],
    ['fd00::/129', 'invalid configuration: CSF_TEMPLATE_URL_ALLOW has "fd00::/129": the prefix length must be 0 to 128'],
    ['10.0.0.0/x', 'invalid configuration: CSF_TEMPLATE_URL_ALLOW has "10.0.0.0/x": the prefix length must be 0 to 32'],
    ['10.0.0/8', 'invalid configuration: CSF_TEMPLATE_URL_ALLOW has "10.0.0/8", which is not a CIDR such as 10.0.0.0/8 or fd00::/8'],
    ['http://templates', 'invalid configuration: CSF_TEMPLATE_URL_ALLOW has "http://templates", which is not a CIDR such as 10.0.0.0/8 or fd00::/8'],
    ['templates_1', 'invalid configuration: CSF_TEMPLATE_URL_ALLOW has "templates_1", which is neither a CIDR, an IP address nor a host name'],
    ['10.1', 'invalid configuration: CSF_TEMPLATE_URL_ALLOW has "10.1", which is neither a CIDR, an IP address nor a host name'],
  ])('refuses %s with a one-line error naming the variable', (raw, message) => {
    expect(() => loadConfig({ CSF_TEMPLATE_URL_ALLOW: raw })).toThrow(ConfigError);
    expect(() => loadConfig({ CSF_TEMPLATE_URL_ALLOW: raw })).toThrow(message);
  });
});
