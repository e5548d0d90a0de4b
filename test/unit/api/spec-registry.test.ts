import { API_SPECS } from '../../../api-spec';
import { ApiSpec } from '../../../api-spec/types';
import { toListApisEntry } from '../../../src/api/list-apis-view';
import { ApiSpecRegistry } from '../../../src/api/spec-registry';
import { readFixture } from '../../support/fixtures';

const adminOnly: ApiSpec = { name: 'purgeThings', description: 'admins only', isasync: false, since: '1.0', roles: ['Admin'], params: [], response: [] };
const domainAndAdmin: ApiSpec = { ...adminOnly, name: 'auditThings', roles: ['Admin', 'DomainAdmin'] };

describe('ApiSpecRegistry', () => {
  const registry = new ApiSpecRegistry([...API_SPECS, adminOnly, domainAndAdmin]);

  it('filters commands by role', () => {
    expect(registry.visibleTo('User').map((s) => s.name)).toEqual(['listApis', 'queryAsyncJobResult', 'listAsyncJobs']);
    expect(registry.visibleTo('DomainAdmin').map((s) => s.name)).toEqual(['listApis', 'queryAsyncJobResult', 'listAsyncJobs', 'auditThings']);
    expect(registry.forRole('purgeThings', 'DomainAdmin')).toBeUndefined();
    expect(registry.forRole('purgeThings', 'Admin')).toBe(adminOnly);
    expect(registry.forRole('nothing', 'Admin')).toBeUndefined();
  });

  it('refuses a command declared twice', () => {
    expect(() => new ApiSpecRegistry([adminOnly, adminOnly])).toThrow('api spec purgeThings is declared twice');
  });
});

describe('listApis entries', () => {
  it('carry the field set and JSON types of the real listApis sample', () => {
    const real = readFixture<any>('cloudstack', 'cloudstack-go', 'ApiDiscoveryService.json').listApis.listapisresponse.api[0];
    for (const spec of API_SPECS) {
      const entry = toListApisEntry(spec) as any;
      for (const key of ['name', 'description', 'isasync', 'params', 'response', 'related']) expect(typeof entry[key]).toBe(typeof real[key]);
      const realParam = real.params[0];
      for (const p of entry.params) for (const key of ['name', 'description', 'type', 'length', 'required']) expect(typeof p[key]).toBe(typeof realParam[key]);
    }
  });

  it('omit optional param fields when a spec has none', () => {
    expect(toListApisEntry(adminOnly)).toEqual({ name: 'purgeThings', description: 'admins only', isasync: false, since: '1.0', related: '', params: [], response: [] });
  });
});
