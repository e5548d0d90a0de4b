import { CloudStackApiError } from '../../../src/cloudstack-api';
import { CloudStackTransportError } from '../../../src/client';
import { parseResponse } from '../../../src/client/parse-response';
import { readFixture } from '../../support/fixtures';

function response(status: number, body: unknown) {
  return { status, body: typeof body === 'string' ? body : JSON.stringify(body), header: () => undefined };
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseResponse', () => {
  it('returns the payload inside the command envelope (recorded listDiskOfferings)', () => {
    type Listing = { count: number; diskoffering: Array<{ id: string }> };
    const fixture = readFixture<Record<string, Record<string, Listing>>>('cloudstack', 'cloudstack-go', 'DiskOfferingService.json');
    const recorded = fixture.listDiskOfferings.listdiskofferingsresponse;
    const payload = parseResponse<Listing>('listDiskOfferings', response(200, fixture.listDiskOfferings));
    expect(payload).toEqual(recorded);
    expect(typeof payload.diskoffering[0].id).toBe('string');
  });

  it('takes the envelope of commands whose Java class names it otherwise (resetSSHKeyForVirtualMachine, updateVMAffinityGroup)', () => {
    expect(parseResponse('resetSSHKeyForVirtualMachine', response(200, { resetSSHKeyforvirtualmachineresponse: { jobid: 'j1' } }))).toEqual({ jobid: 'j1' });
    expect(parseResponse('updateVMAffinityGroup', response(200, { updatevirtualmachineresponse: { jobid: 'j2' } }))).toEqual({ jobid: 'j2' });
    expect(caught(() => parseResponse('updateVMAffinityGroup', response(200, { listhostsresponse: {} })))).toBeInstanceOf(CloudStackTransportError);
  });

  it('keeps an empty list as {}', () => {
    expect(parseResponse('listVirtualMachines', response(200, { listvirtualmachinesresponse: {} }))).toEqual({});
  });

  it('turns a recorded error envelope into CloudStackApiError with errorcode, default cserrorcode and errortext', () => {
    const body = readFixture('cloudstack', 'libcloud-compute', 'registerSSHKeyPair_error.json');
    const error = caught(() => parseResponse('registerSSHKeyPair', response(431, body))) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.errorcode).toBe(431);
    expect(error.cserrorcode).toBe(4350);
    expect(error.errortext).toBe('Public key is invalid');
  });

  it('keeps the cserrorcode and uuidList the server sent, also from errorresponse', () => {
    const body = { errorresponse: { uuidList: ['u1'], errorcode: 432, cserrorcode: 9999, errortext: 'The given command: nope does not exist' } };
    const error = caught(() => parseResponse('nope', response(432, body))) as CloudStackApiError;
    expect([error.errorcode, error.cserrorcode, error.errortext, error.uuidList]).toEqual([432, 9999, 'The given command: nope does not exist', ['u1']]);
  });

  it('treats a proxy error page as an HTTP transport failure that may have reached the server', () => {
    const error = caught(() => parseResponse('deployVirtualMachine', response(502, '<html>Bad Gateway</html>'))) as CloudStackTransportError;
    expect(error).toBeInstanceOf(CloudStackTransportError);
    expect([error.kind, error.status, error.mayHaveReachedServer, error.retryable]).toEqual(['http', 502, true, true]);
    expect(error.message).toBe('HTTP 502: not a JSON response: <html>Bad Gateway</html>');
  });

  it('treats 503 as not processed', () => {
    const error = caught(() => parseResponse('deployVirtualMachine', response(503, 'busy'))) as CloudStackTransportError;
    expect([error.kind, error.mayHaveReachedServer]).toEqual(['http', false]);
  });

  it('treats a 404 page as a non-retryable HTTP failure', () => {
    const error = caught(() => parseResponse('listZones', response(404, 'Not Found'))) as CloudStackTransportError;
    expect([error.kind, error.status, error.retryable]).toEqual(['http', 404, false]);
  });

  it('rejects a 200 without the command envelope as malformed', () => {
    const error = caught(() => parseResponse('listZones', response(200, { listhostsresponse: {} }))) as CloudStackTransportError;
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('no listzonesresponse envelope');
  });
});
