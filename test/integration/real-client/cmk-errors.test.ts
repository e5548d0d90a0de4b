import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { cmkErrorLine, cmkRequest, sendCmk } from '../../support/cmk-request';
import { startTestService, TestService } from '../../support/service';

const BAD_ID = 'due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.';

/**
 * cmk prints a refused command's errortext as it comes, so a value that does not convert must be
 * worded as ParamProcessWorker words it, whether the service answers (its own commands) or the
 * management server does (forwarded). Found with the real cmk 6.4: through the one endpoint,
 * `list zones pagesize=abc` and `list stacks pagesize=abc` printed two different texts, and the
 * simulator's ("due to incorrect type: expected integer") is not CloudStack's.
 */
describe('input errors as cmk prints them, through the one endpoint', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  const printed = async (endpoint: string, command: string, args: Record<string, string>) => {
    const answer = await sendCmk(cmkRequest(endpoint, svc.users.alice, command, args));
    expect(answer.status).toBe(431);
    return cmkErrorLine(answer.json);
  };

  it('a number that does not parse: the same words from the service and the management server', async () => {
    expect(await printed(svc.service.url, 'listZones', { page: '1', pagesize: 'abc' }))
      .toBe('(HTTP 431, error code 4350) Unable to execute API command listzones due to invalid value abc for parameter pagesize');
    expect(await printed(svc.service.url, 'listStacks', { page: '1', pagesize: 'abc' }))
      .toBe('(HTTP 431, error code 4350) Unable to execute API command liststacks due to invalid value abc for parameter pagesize');
  });

  it('an id that is no UUID: the same words from both', async () => {
    expect(await printed(svc.service.url, 'listVirtualMachines', { id: 'not-a-uuid' }))
      .toBe(`(HTTP 431, error code 4350) Unable to execute API command listvirtualmachines due to invalid value. Invalid parameter id value=not-a-uuid ${BAD_ID}`);
    expect(await printed(svc.service.url, 'listStacks', { id: 'not-a-uuid' }))
      .toBe(`(HTTP 431, error code 4350) Unable to execute API command liststacks due to invalid value. Invalid parameter id value=not-a-uuid ${BAD_ID}`);
  });

  it('a list of ids names the one that is no UUID, as translateUuidToInternalId does for each', async () => {
    const world = await sendCmk(cmkRequest(svc.service.url, svc.users.alice, 'listZones', {}));
    const zoneid = world.json.listzonesresponse.zone[0].id as string;
    expect(await printed(svc.service.url, 'deployVirtualMachine', { zoneid, serviceofferingid: zoneid, templateid: zoneid, affinitygroupids: `${zoneid},nope` }))
      .toBe(`(HTTP 431, error code 4350) Unable to execute API command deployvirtualmachine due to invalid value. Invalid parameter affinitygroupids value=nope ${BAD_ID}`);
  });

  it('a date that does not parse, at the management server', async () => {
    expect(await printed(svc.simulator.url, 'listAsyncJobs', { startdate: 'yesterday' }))
      .toBe('(HTTP 431, error code 4350) Unable to parse date yesterday for command listasyncjobs, please pass dates in the format mentioned in the api documentation');
  });
});
