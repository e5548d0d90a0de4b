import { ApiSpec } from './types';

export const listApis: ApiSpec = {
  name: 'listApis',
  description: 'lists all available apis on the server, provided by the Api Discovery plugin',
  isasync: false,
  since: '4.1.0',
  params: [{ name: 'name', type: 'string', required: false, description: 'API name' }],
  response: [
    { name: 'name', type: 'string', description: 'the name of the api command' },
    { name: 'description', type: 'string', description: 'description of the api' },
    { name: 'isasync', type: 'boolean', description: 'true if api is asynchronous' },
    { name: 'since', type: 'string', description: 'version of CloudStack the api was introduced in' },
    { name: 'related', type: 'string', description: 'comma separated related apis' },
    { name: 'type', type: 'string', description: 'response field type' },
    { name: 'params', type: 'set', description: 'the list params the api accepts' },
    { name: 'response', type: 'set', description: 'api response fields' },
  ],
};
