import { ApiSpec } from '../../../api-spec/types';
import { CloudStackApiError } from '../../../src/cloudstack-api';
import { parseParams } from '../../../src/api/param-parser';

const spec: ApiSpec = {
  name: 'createThing',
  description: 'test spec',
  isasync: true,
  since: '1.0',
  params: [
    { name: 'name', type: 'string', required: true, description: '', length: 8 },
    { name: 'zoneid', type: 'uuid', required: false, description: '' },
    { name: 'enabled', type: 'boolean', required: false, description: '' },
    { name: 'count', type: 'integer', required: false, description: '' },
    { name: 'size', type: 'long', required: false, description: '' },
    { name: 'ids', type: 'list', required: false, description: '' },
    { name: 'tags', type: 'map', required: false, description: '' },
    { name: 'startdate', type: 'date', required: false, description: '' },
    { name: 'page', type: 'integer', required: false, description: '' },
    { name: 'pagesize', type: 'integer', required: false, description: '' },
  ],
  response: [],
};

function failure(raw: Record<string, string>): CloudStackApiError {
  try {
    parseParams(spec, raw);
  } catch (e) {
    if (e instanceof CloudStackApiError) return e;
    throw e;
  }
  throw new Error('expected a CloudStackApiError');
}

describe('parseParams', () => {
  it('converts every declared type', () => {
    const parsed = parseParams(spec, {
      name: 'web',
      zoneid: 'A1B2C3D4-0000-4000-8000-000000000001',
      Enabled: 'TRUE',
      count: '3',
      size: '10737418240',
      ids: 'a, b,,c',
      'tags[1].key': 'k2',
      'tags[1].value': 'v2',
      'tags[0].key': 'k1',
      'tags[0].value': 'v1',
      startdate: '2026-01-02T03:04:05+0100',
      page: '2',
      pagesize: '10',
    });
    expect(parsed.values).toEqual({
      name: 'web',
      zoneid: 'a1b2c3d4-0000-4000-8000-000000000001',
      enabled: true,
      count: 3,
      size: 10737418240,
      ids: ['a', 'b', 'c'],
      tags: [{ key: 'k1', value: 'v1' }, { key: 'k2', value: 'v2' }],
      startdate: new Date('2026-01-02T02:04:05Z'),
      page: 2,
      pagesize: 10,
    });
    expect(parsed.paging).toEqual({ page: 2, pagesize: 10 });
  });

  it('names a missing required parameter in CloudStack wording', () => {
    const error = failure({ zoneid: 'a1b2c3d4-0000-4000-8000-000000000001' });
    expect([error.errorcode, error.cserrorcode, error.message]).toEqual([431, 4350, 'Unable to execute API command creatething due to missing parameter name']);
    expect(failure({ name: '' }).message).toBe('Unable to execute API command creatething due to missing parameter name');
  });

  // ParamProcessWorker's texts, with the value as sent (never a placeholder).
  it.each([
    ['zoneid', 'not-a-uuid', 'Unable to execute API command creatething due to invalid value. Invalid parameter zoneid value=not-a-uuid due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.'],
    ['enabled', 'yes', 'Unable to execute API command creatething due to invalid value yes for parameter enabled'],
    ['count', '1.5', 'Unable to execute API command creatething due to invalid value 1.5 for parameter count'],
    ['count', '3000000000', 'Unable to execute API command creatething due to invalid value 3000000000 for parameter count'],
    ['size', 'big', 'Unable to execute API command creatething due to invalid value big for parameter size'],
    ['startdate', 'yesterday', 'Unable to parse date yesterday for command creatething, please pass dates in the format mentioned in the api documentation'],
  ])('rejects %s=%s in CloudStack wording, with the value', (param, value, text) => {
    const error = failure({ name: 'web', [param]: value });
    expect(error.errorcode).toBe(431);
    expect(error.message).toBe(text);
  });

  it('enforces the declared length', () => {
    expect(failure({ name: 'ninechars' }).message).toBe('Unable to execute API command creatething due to invalid value. Value of parameter name exceeds the maximum length of 8 characters');
  });

  it('applies the paging rules', () => {
    expect(failure({ name: 'web', pagesize: '5' }).message).toBe('"page" parameter is required when "pagesize" is specified');
    expect(failure({ name: 'web', page: '1', pagesize: '501' }).message).toBe("Page size can't exceed max allowed page size value: 500");
  });
});
