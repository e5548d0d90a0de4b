import { ApiSpec } from '../types';

export const validateTemplate: ApiSpec = {
  name: 'validateTemplate',
  description: 'Validates a template and describes it: its parameters and the resource types it uses. An invalid template answers 431 with every problem found.',
  isasync: false,
  since: '1.0',
  related: 'createStack',
  params: [
    { name: 'templatebody', type: 'string', required: false, description: 'the template (JSON or YAML), at most 51,200 bytes', length: 51200 },
    { name: 'templateurl', type: 'string', required: false, description: 'an http(s) URL of the template, instead of templatebody', length: 1024 },
  ],
  response: [
    { name: 'description', type: 'string', description: 'the template description' },
    { name: 'parameters', type: 'list', description: 'name, type, defaultvalue, description, noecho, allowedvalues' },
    { name: 'resourcetypes', type: 'list', description: 'the resource types the template uses' },
  ],
};
