import { parseStringPromise } from 'xml2js';
import {
  asyncSubmitPayload,
  CloudStackApiError,
  formatCloudStackDate,
  listPayload,
  missingParameter,
  renderError,
  renderPayload,
  responseFormatOf,
  sharedPayload,
  singlePayload,
  successPayload,
  unauthorized,
} from '../../../src/cloudstack-api';

describe('response envelopes', () => {
  it('selects JSON only for response=json', () => {
    expect(responseFormatOf({ response: 'json' })).toBe('json');
    expect(responseFormatOf({ response: 'JSON' })).toBe('json');
    expect(responseFormatOf({})).toBe('xml');
    expect(responseFormatOf({ response: 'yaml' })).toBe('xml');
  });

  it('wraps a list with its total count and answers an empty list as {}', () => {
    const list = renderPayload('listZones', listPayload('zone', [{ id: 'a', name: 'z1' }], 7), 'json');
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body)).toEqual({ listzonesresponse: { count: 7, zone: [{ id: 'a', name: 'z1' }] } });
    expect(JSON.parse(renderPayload('listZones', listPayload('zone', []), 'json').body)).toEqual({ listzonesresponse: {} });
  });

  it('omits null and undefined fields at every depth', () => {
    const out = renderPayload('getUser', singlePayload('user', { id: 'u', email: null, nested: [{ a: 1, b: undefined }] }), 'json');
    expect(JSON.parse(out.body)).toEqual({ getuserresponse: { user: { id: 'u', nested: [{ a: 1 }] } } });
  });

  it('sends the same bytes whether or not the payload had nulls to drop, in the same field order', () => {
    const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    const clean = { id: 'u', when, tags: [{ key: 'k', value: 'v' }], n: 0, ok: false, empty: [] };
    const withNulls = { id: 'u', gone: null, when, tags: [{ key: 'k', skip: undefined, value: 'v' }], n: 0, ok: false, empty: [], also: undefined };
    const expected = '{"getuserresponse":{"user":{"id":"u","when":"2026-01-02T03:04:05.000Z","tags":[{"key":"k","value":"v"}],"n":0,"ok":false,"empty":[]}}}';
    expect(renderPayload('getUser', singlePayload('user', clean), 'json').body).toBe(expected);
    expect(renderPayload('getUser', singlePayload('user', withNulls), 'json').body).toBe(expected);
    // A null inside an array stays (withoutNulls drops fields, not items), as before.
    expect(renderPayload('getUser', singlePayload('user', { list: [1, null] }), 'json').body).toBe('{"getuserresponse":{"user":{"list":[1,null]}}}');
  });

  it('sends a class instance as its own fields, as a copy would, even without nulls', () => {
    class Shaped {
      readonly id = 'a';
      toJSON(): unknown {
        return 'not this';
      }
    }
    expect(renderPayload('getThing', singlePayload('thing', new Shaped()), 'json').body).toBe('{"getthingresponse":{"thing":{"id":"a"}}}');
  });

  it('renders a shared payload once per format and command, and keeps it from changing', () => {
    const shared = sharedPayload(listPayload('zone', [{ id: 'a', name: 'z1', tags: [{ key: 'k', value: 'v' }] }], 1));
    const json = renderPayload('listZones', shared, 'json');
    expect(renderPayload('listZones', shared, 'json')).toBe(json);
    expect(json.body).toBe(renderPayload('listZones', listPayload('zone', [{ id: 'a', name: 'z1', tags: [{ key: 'k', value: 'v' }] }], 1), 'json').body);
    expect(renderPayload('listZones', shared, 'xml').body).toContain('<name>z1</name>');
    expect(renderPayload('listOthers', shared, 'json').body).toMatch(/^\{"listothersresponse":/);
    expect(() => (((shared.zone as Array<{ tags: Array<{ value: string }> }>)[0].tags[0].value = 'changed'))).toThrow(TypeError);
    // Any other payload is rendered as it is now, every time.
    const own: Record<string, unknown> = { id: 'b' };
    expect(renderPayload('getThing', own, 'json').body).toBe('{"getthingresponse":{"id":"b"}}');
    own.id = 'c';
    expect(renderPayload('getThing', own, 'json').body).toBe('{"getthingresponse":{"id":"c"}}');
  });

  it('shapes success and async submissions', () => {
    expect(successPayload()).toEqual({ success: true });
    expect(successPayload('done')).toEqual({ success: true, displaytext: 'done' });
    expect(asyncSubmitPayload('j1')).toEqual({ jobid: 'j1' });
    expect(asyncSubmitPayload('j1', 'o1')).toEqual({ id: 'o1', jobid: 'j1' });
  });

  it('answers errors with HTTP status = errorcode and the full error body', () => {
    const out = renderError('deployVirtualMachine', missingParameter('deployVirtualMachine', 'zoneid'), 'json');
    expect(out.status).toBe(431);
    expect(JSON.parse(out.body)).toEqual({
      deployvirtualmachineresponse: {
        uuidList: [],
        errorcode: 431,
        cserrorcode: 4350,
        errortext: 'Unable to execute API command deployvirtualmachine due to missing parameter zoneid',
      },
    });
    const unknown = renderError(undefined, unauthorized(), 'json');
    expect(unknown.status).toBe(401);
    expect(JSON.parse(unknown.body).errorresponse.errortext).toBe('unable to verify user credentials and/or request signature');
  });

  it('keeps an explicit cserrorcode', () => {
    expect(new CloudStackApiError(530, 'boom').cserrorcode).toBe(9999);
    expect(new CloudStackApiError(536, 'in use').cserrorcode).toBe(4375);
    expect(new CloudStackApiError(530, 'x', 4250).cserrorcode).toBe(4250);
  });

  it('renders the same structure as XML, lists as repeated elements', async () => {
    const out = renderPayload('listZones', listPayload('zone', [{ id: 'a', securitygroupsenabled: false }, { id: 'b', tags: [] }]), 'xml');
    expect(out.contentType).toMatch(/^text\/xml/);
    expect(out.body.startsWith('<?xml version="1.0" encoding="UTF-8"?><listzonesresponse cloud-stack-version=')).toBe(true);
    const parsed = await parseStringPromise(out.body);
    expect(parsed.listzonesresponse.count).toEqual(['2']);
    expect(parsed.listzonesresponse.zone.map((z: { id: string[] }) => z.id[0])).toEqual(['a', 'b']);
    expect(parsed.listzonesresponse.zone[0].securitygroupsenabled).toEqual(['false']);
    const error = await parseStringPromise(renderError('listZones', unauthorized(), 'xml').body);
    expect(error.listzonesresponse.errorcode).toEqual(['401']);
  });

  it('formats dates as yyyy-MM-ddTHH:mm:ss+0000', () => {
    expect(formatCloudStackDate(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05+0000');
  });
});
