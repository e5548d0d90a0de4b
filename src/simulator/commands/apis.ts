import { CloudStackApiError, ErrorCode, listApisEntry, listPayload } from '../../cloudstack-api';
import type { CommandRegistry, CommandSpec } from '../registry';

/** One simulated command as listApis shows it. */
export function apiView(spec: CommandSpec): Record<string, unknown> {
  return listApisEntry(spec);
}

/** listApis is built from the registry, so every registered command is discoverable at once. */
export function apiDiscoveryCommands(registry: CommandRegistry): CommandSpec[] {
  return [{
    name: 'listApis',
    description: 'lists all available apis on the server, provided by the Api Discovery plugin',
    isasync: false,
    since: '4.1.0',
    cmdClass: 'org.apache.cloudstack.api.command.user.discovery.ListApisCmd',
    params: [{ name: 'name', type: 'string', description: 'API name' }],
    response: [
      { name: 'name', type: 'string', description: 'the name of the api command' },
      { name: 'description', type: 'string', description: 'description of the api' },
      { name: 'isasync', type: 'boolean', description: 'true if api is asynchronous' },
      { name: 'since', type: 'string', description: 'version of CloudStack the api was introduced in' },
      { name: 'related', type: 'string', description: 'comma separated related apis' },
      { name: 'params', type: 'list', description: 'the list params the api accepts' },
      { name: 'response', type: 'list', description: 'api response fields' },
    ],
    handler(ctx) {
      const available = registry.availableTo(ctx.caller.role).sort((a, b) => a.name.localeCompare(b.name));
      const wanted = ctx.str('name');
      const apis = wanted === undefined ? available : available.filter((spec) => spec.name.toLowerCase() === wanted.toLowerCase());
      if (apis.length === 0) {
        throw new CloudStackApiError(ErrorCode.INTERNAL_ERROR, 'Api Discovery plugin was unable to find an api by that name or process any apis');
      }
      return listPayload('api', apis.map(apiView));
    },
  }];
}
