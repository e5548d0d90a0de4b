import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { cmkEscape, cmkRequest, rfc3339, sendCmk } from '../../support/cmk-request';
import { startTestService, TestService } from '../../support/service';

/** A template of about 40 KB, full of characters every escaping scheme treats differently. */
function largeTemplate(): string {
  // `~` is signed bare by cmk (Go's QueryEscape) and encoded by the management server's Java.
  const blob = 'Mesos & ZooKeeper: "quorum" = floor(n/2)+1; 100% * (a+b) / c! é ~/x '.repeat(180);
  return JSON.stringify({
    Description: 'a template too large for a default request line',
    Resources: Object.fromEntries(['A', 'B', 'C'].map((id) => [id, { Type: 'AWS::CloudFormation::WaitConditionHandle', Metadata: { notes: blob } }])),
    Outputs: { Note: { Value: 'done' } },
  });
}

describe('the requests CloudMonkey sends (sorted, Go-escaped, signed, GET with the template in the URL)', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  it('escapes as Go does: * and ~ stay bare, ! \' ( ) are escaped, spaces are %20', () => {
    expect(cmkEscape("a b*c~d!e'f(g)h/é")).toBe('a%20b*c~d%21e%27f%28g%29h%2F%C3%A9');
  });

  it('syncs: listApis listall=true answers every stack command', async () => {
    const answer = await sendCmk(cmkRequest(svc.service.url, svc.users.alice, 'listApis', { listall: 'true' }));
    expect(answer.status).toBe(200);
    const names = answer.json.listapisresponse.api.map((a: { name: string }) => a.name);
    expect(names).toEqual(expect.arrayContaining(['createStack', 'listStacks', 'deleteStack', 'listStackEvents', 'queryAsyncJobResult']));
  });

  it('creates a stack from a 40 KB template sent in the URL and follows its job as cmk does', async () => {
    const templatebody = largeTemplate();
    const request = cmkRequest(svc.service.url, svc.users.alice, 'createStack', { name: 'by-cmk', templatebody });
    expect(request.method).toBe('GET');
    expect(request.url.length).toBeGreaterThan(40_000);
    const submitted = await sendCmk(request);
    expect(submitted.status).toBe(200);
    const { jobid } = submitted.json.createstackresponse;
    expect(typeof jobid).toBe('string');
    let job: Record<string, any> = {};
    for (let i = 0; i < 100; i++) {
      job = (await sendCmk(cmkRequest(svc.service.url, svc.users.alice, 'queryAsyncJobResult', { jobid }))).json.queryasyncjobresultresponse;
      if (job.jobstatus !== 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(job.jobstatus).toBe(1);
    expect(job.jobresult.stack).toMatchObject({ name: 'by-cmk', status: 'CREATE_COMPLETE', outputs: [{ key: 'Note', value: 'done' }] });
    const template = await sendCmk(cmkRequest(svc.service.url, svc.users.alice, 'getStackTemplate', { stackid: job.jobresult.stack.id }));
    expect(template.json.getstacktemplateresponse.stacktemplate.templatebody).toBe(templatebody);
  }, 30_000);

  it('refuses an expired request with 401 (cmk sends no expires itself; a user may add one as arguments)', async () => {
    const past = rfc3339(new Date(Date.now() - 5 * 60_000));
    const answer = await sendCmk(cmkRequest(svc.service.url, svc.users.alice, 'listStacks', { signatureversion: '3', expires: past }));
    expect(answer.status).toBe(401);
    expect(answer.json.errorresponse.errortext).toBe('unable to verify user credentials and/or request signature');
  });
});
