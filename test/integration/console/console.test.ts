import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { consoleExtension } from '../../../src/console/console-extension';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { launchBrowser, type TestBrowser } from '../../support/browser';
import { readFixture } from '../../support/fixtures';
import { startTestService, type TestService } from '../../support/service';
import { createStack, SimulatorClients, waitForStackStatus } from '../../support/stacks';

// The build the service serves, made from the sources under test into a scratch directory.
const { buildConsole } = require('../../../scripts/build-console.js') as { buildConsole(outDir: string): string };

/** Where the screenshots go (data/ is not tracked); docs/images holds the ones README shows. */
const SCREENSHOTS = join(__dirname, '..', '..', '..', 'data', 'screenshots');
const PASSWORD = 'Secret1Secret1';
const CLOUDSTACK_UI = 'http://cloudstack-ui.example:8080/client';

describe('the web console in Chromium, against the service and the simulator', () => {
  let svc: TestService;
  let sim: SimulatorClients;
  let browser: TestBrowser;
  let page: Page;
  let assets: string;
  let consoleUrl: string;

  beforeAll(async () => {
    assets = buildConsole(mkdtempSync(join(tmpdir(), 'csf-console-')));
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 }), consoleExtension({ assetsDir: assets })], env: { CSF_CLOUDSTACK_UI_URL: CLOUDSTACK_UI } });
    sim = new SimulatorClients(svc);
    consoleUrl = svc.service.url.replace(/\/client\/api$/, '/console/');
    browser = await launchBrowser();
    page = await browser.context.newPage();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    sim?.close();
    await svc?.stop();
    if (assets) rmSync(assets, { recursive: true, force: true });
  }, 60_000);

  async function signIn(user: string, secretKey = svc.users[user].secretkey): Promise<void> {
    await page.goto(consoleUrl);
    const signOut = page.getByRole('button', { name: 'Sign out' });
    if (await signOut.isVisible()) await signOut.click();
    await page.getByLabel('API key').fill(svc.users[user].apikey);
    await page.getByLabel('Secret key').fill(secretKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('shows CloudStack\'s own error for a wrong secret key', async () => {
    await signIn('alice', 'not-the-secret');
    await expectText(page.getByRole('alert'), 'unable to verify user credentials and/or request signature (error 401)');
  });

  let stackId: string;

  it('creates the LAMP stack from the example with the generated form, a bad value shown on its field', async () => {
    await signIn('alice');
    await page.getByRole('heading', { name: 'Stacks' }).waitFor();
    await page.getByRole('link', { name: 'Create stack' }).first().click();
    await page.getByLabel('An example').selectOption('lamp.yaml');
    const password = page.getByLabel('DbPassword');
    await password.waitFor();
    expect(await password.getAttribute('type')).toBe('password');
    expect(await page.locator('select#param-ZoneKind option').allTextContents()).toEqual(['isolated', 'securitygroup']);
    expect(await page.getByLabel('WebCount').getAttribute('type')).toBe('number');
    await page.getByLabel('Stack name').fill('lamp');
    await password.fill('short');
    await page.getByRole('button', { name: 'Create stack' }).click();
    await expectText(page.locator('#param-DbPassword-error'), 'Parameter DbPassword failed to satisfy constraint: 12 to 64 letters and digits');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: join(SCREENSHOTS, 'console-create-form.png'), fullPage: true });

    // Slower CloudStack jobs, so that the create is watched while it runs.
    await sim.configure({ joblatencyms: 400 });
    await password.fill(PASSWORD);
    await page.getByRole('button', { name: 'Create stack' }).click();
    await page.waitForURL(/#\/stacks\/[0-9a-f-]{36}$/);
    stackId = page.url().split('/').pop()!;
    await page.locator('.graph .node[data-status="CREATE_IN_PROGRESS"]').first().waitFor();
    await page.locator('.graph .edge').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'console-graph-creating.png'), fullPage: true });
  }, 60_000);

  it('watches the graph nodes turn CREATE_COMPLETE, with edges, events and the outputs', async () => {
    await page.locator('.stack-header .badge[data-status="CREATE_COMPLETE"]').waitFor({ timeout: 60_000 });
    await sim.configure({ joblatencyms: 50 });
    const statuses = await page.locator('.graph .node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThanOrEqual(8);
    expect(new Set(statuses)).toEqual(new Set(['CREATE_COMPLETE']));
    // The network comes first and the web servers depend on it; the load balancer needs both.
    expect(await page.locator('.graph .edge[data-from="Network"][data-to="Web"]').count()).toBe(1);
    expect(await page.locator('.graph .edge[data-from="Web"][data-to="HttpLoadBalancer"]').count()).toBe(1);
    const fill = await page.locator('.graph .node[data-logical-id="Web"] rect').evaluate((rect: any) => rect.ownerDocument.defaultView.getComputedStyle(rect).fill);
    expect(fill).toBe('rgb(232, 245, 233)');
    await expectText(page.locator('table.events'), 'CREATE_COMPLETE');
    await expectText(page.locator('tr[data-output="SiteUrl"]'), 'http://');
    // NoEcho: masked in the parameters, and the value is nowhere on the page.
    expect(await page.locator('tr[data-parameter="DbPassword"] .masked').textContent()).toBe('****');
    expect(await page.content()).not.toContain(PASSWORD);
    // Objects link to their page in CloudStack's UI; a group (named, not one object) does not.
    const dbId = (await page.locator('tr[data-logical-id="Db"] td.mono').textContent())!;
    expect(await page.locator('tr[data-logical-id="Db"] td.mono a').getAttribute('href')).toBe(`${CLOUDSTACK_UI}/#/vm/${dbId}`);
    expect(await page.locator('tr[data-logical-id="Web"] td.mono a').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-stack.png'), fullPage: true });
  }, 90_000);

  it('lists the stack with its status badge, found by its name', async () => {
    await page.getByRole('link', { name: '← Stacks' }).click();
    await page.getByLabel('Search').fill('lamp');
    await page.getByRole('button', { name: 'Filter' }).click();
    const row = page.locator(`tr[data-stack-id="${stackId}"]`);
    await expectText(row, 'CREATE_COMPLETE');
    await page.screenshot({ path: join(SCREENSHOTS, 'console-list.png'), fullPage: true });
  });

  it('creates from a template file: allowed values as a select, descriptions as hints, a missing value shown on its field', async () => {
    const template = {
      Description: 'A key pair',
      Parameters: { Size: { Type: 'String', AllowedValues: ['Small Instance', 'Medium Instance'], Default: 'Small Instance', Description: 'How big' }, Secret: { Type: 'String', NoEcho: true } },
      Resources: { Keys: { Type: 'CloudStack::SSHKeyPair' } },
      Outputs: { KeyName: { Value: { Ref: 'Keys' } } },
    };
    await page.goto(`${consoleUrl}#/create`);
    await page.getByLabel('Or a template file (YAML or JSON)').setInputFiles({ name: 'keys.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(template)) });
    await page.getByLabel('Secret').waitFor();
    expect(await page.locator('select#param-Size option').allTextContents()).toEqual(['Small Instance', 'Medium Instance']);
    await expectText(page.locator('#param-Size-hint'), 'How big');
    await page.getByLabel('Stack name').fill('keys');
    await page.getByRole('button', { name: 'Create stack' }).click();
    await expectText(page.locator('#param-Secret-error'), 'Secret');
    expect(await page.getByLabel('Secret').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Secret').fill('anything');
    await page.getByLabel('Size').selectOption('Medium Instance');
    await page.getByRole('button', { name: 'Create stack' }).click();
    await page.locator('.stack-header .badge[data-status="CREATE_COMPLETE"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('tr[data-parameter="Size"] td').textContent()).toBe('Medium Instance');
    // Graph nodes take the keyboard's focus and say what they are.
    const node = page.locator('.graph .node[data-logical-id="Keys"]');
    await node.focus();
    expect(await node.evaluate((el: any) => el.ownerDocument.activeElement === el)).toBe(true);
    expect(await node.getAttribute('aria-label')).toBe('Keys (CloudStack::SSHKeyPair): CREATE COMPLETE');
    // Enter on a node leads to its resource's row.
    await page.keyboard.press('Enter');
    expect(await page.locator('table.resources tr[data-logical-id="Keys"]').evaluate((el: any) => el.ownerDocument.activeElement === el)).toBe(true);
  }, 60_000);

  it('updates through a change set whose diff is shown before anything is executed', async () => {
    await page.goto(`${consoleUrl}#/stacks/${stackId}/update`);
    const webCount = page.getByLabel('WebCount');
    await webCount.waitFor();
    expect(await webCount.inputValue()).toBe('2');
    expect(await page.getByLabel('DbPassword').inputValue()).toBe('');
    await webCount.fill('3');
    await page.getByRole('button', { name: 'Preview changes' }).click();
    const webChange = page.locator('table.changes tr[data-logical-id="Web"]');
    await expectText(webChange, 'modify in place');
    await expectText(webChange, 'Count');
    await page.screenshot({ path: join(SCREENSHOTS, 'console-change-set.png'), fullPage: true });
    // Nothing changed yet: the stack is still as it was created.
    expect((await waitForStackStatus(svc, 'alice', stackId, ['CREATE_COMPLETE'])).status).toBe('CREATE_COMPLETE');
    await page.getByRole('button', { name: 'Execute change set' }).click();
    await page.waitForURL(new RegExp(`#/stacks/${stackId}$`));
    await page.locator('.stack-header .badge[data-status="UPDATE_COMPLETE"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('tr[data-parameter="WebCount"] td').textContent()).toBe('3');
  }, 90_000);

  it('shows bob neither the stack in his list nor its page', async () => {
    await signIn('bob');
    await page.getByRole('heading', { name: 'Stacks' }).waitFor();
    await expectText(page.locator('main'), 'No stacks match.');
    await page.goto(`${consoleUrl}#/stacks/${stackId}`);
    await page.getByRole('heading', { name: 'Stack not found' }).waitFor();
  });

  it('deletes the stack only once the confirmation is given', async () => {
    await signIn('alice');
    await page.goto(`${consoleUrl}#/stacks/${stackId}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect((await waitForStackStatus(svc, 'alice', stackId, ['UPDATE_COMPLETE'])).status).toBe('UPDATE_COMPLETE');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete stack' }).click();
    await page.locator('.stack-header .badge[data-status="DELETE_COMPLETE"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('.graph .node').evaluateAll((nodes) => nodes.every((n) => n.getAttribute('data-status') === 'DELETE_COMPLETE'))).toBe(true);
  }, 90_000);

  it("lays a 100-resource stack's graph out once while it is created, however often it is refreshed", async () => {
    // 98 key pairs in chains of ten (each waits for the previous one) with a tree across them, and
    // a wait condition nobody signals: the create stays in progress, so the page keeps refreshing
    // however fast the machine.
    const dependencies = (i: number) => [...new Set([...(i % 10 ? [`Key${i - 1}`] : []), ...(i ? [`Key${Math.floor(i / 2)}`] : [])])];
    const resources: Record<string, unknown> = Object.fromEntries(Array.from({ length: 98 }, (_, i) => [`Key${i}`, { Type: 'CloudStack::SSHKeyPair', DependsOn: dependencies(i) }]));
    resources.Handle = { Type: 'AWS::CloudFormation::WaitConditionHandle' };
    resources.Ready = { Type: 'AWS::CloudFormation::WaitCondition', Properties: { Handle: { Ref: 'Handle' }, Timeout: '600' } };
    const edgeCount = Array.from({ length: 98 }, (_, i) => dependencies(i).length).reduce((a, b) => a + b, 0) + 1;
    await signIn('alice');
    const { id } = await createStack(svc, 'alice', 'hundred', { Resources: resources });
    let refreshes = 0;
    page.on('request', (request) => void (request.url().includes('command=listStackEvents') && refreshes++));
    await page.goto(`${consoleUrl}#/stacks/${id}`);
    await page.locator('.graph .node[data-logical-id="Ready"][data-status="CREATE_IN_PROGRESS"]').waitFor();
    refreshes = 0;
    // A few refreshes while it runs (every 2 s) are enough to see that they do not lay the graph out again.
    for (const deadline = Date.now() + 30_000; refreshes < 3 && Date.now() < deadline; ) await page.waitForTimeout(200);
    expect(refreshes).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.graph .node').count()).toBe(100);
    expect(await page.locator('.graph .edge').count()).toBe(edgeCount);
    const layouts = (await page.evaluate("performance.getEntriesByName('csf-graph-layout').map((e) => e.detail)")) as Array<{ nodes: number }>;
    expect(layouts).toEqual([{ nodes: 100, edges: edgeCount }]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-hundred.png') });
    // Cancelled, the stack rolls back to nothing.
    await svc.call('alice', { command: 'cancelStackOperation', id, response: 'json' });
    await waitForStackStatus(svc, 'alice', id, ['ROLLBACK_COMPLETE'], 90_000);
  }, 120_000);

  it('cancels a create in progress once confirmed: the stack rolls back', async () => {
    await signIn('alice');
    await sim.configure({ joblatencyms: 3000 });
    const { id } = await createStack(svc, 'alice', 'cancelled', readFileSync(join(__dirname, '..', '..', '..', 'examples', 'lamp.yaml'), 'utf8'), { 'parameters[0].key': 'DbPassword', 'parameters[0].value': PASSWORD });
    await page.goto(`${consoleUrl}#/stacks/${id}`);
    await page.getByRole('button', { name: 'Cancel operation' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel operation' }).click();
    await sim.configure({ joblatencyms: 50 });
    await page.locator('.stack-header .badge[data-status="ROLLBACK_COMPLETE"]').waitFor({ timeout: 90_000 });
    // The template tab shows the template, highlighted.
    await page.locator('details summary').click();
    await expectText(page.locator('pre.template .tok-tag'), '!Ref');
  }, 120_000);

  it('stays readable at phone width: nothing wider than the screen but the tables that scroll', async () => {
    // The same tab: the keys are in its session storage only.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${consoleUrl}#/stacks/${stackId}`);
    await page.locator('.stack-header .badge').waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 30_000);

  it("works inside CloudStack's UI, which shows a plugin's page in an iframe of another origin", async () => {
    // What ui/src/views/plugins/IFramePlugin.vue renders for a config.json plugin: nothing is passed to the page.
    const host = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><title>CloudStack</title><div><iframe src="${consoleUrl}" width="100%" frameBorder="0" style="height: 90vh"></iframe></div>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const ui = await browser.context.newPage();
      const errors: string[] = [];
      ui.on('pageerror', (error) => errors.push(error.message));
      await ui.goto(`http://localhost:${(host.address() as AddressInfo).port}/`);
      const frame = ui.frameLocator('iframe');
      await frame.getByLabel('API key').fill(svc.users.alice.apikey);
      await frame.getByLabel('Secret key').fill(svc.users.alice.secretkey);
      await frame.getByRole('button', { name: 'Sign in' }).click();
      // Signed in (the stack is deleted by now, so alice's list is empty).
      await frame.getByRole('heading', { name: 'Stacks' }).waitFor();
      await frame.getByRole('button', { name: 'Sign out' }).waitFor();
      await frame.getByLabel('Status').selectOption('DELETE_COMPLETE');
      await frame.locator(`tr[data-stack-id="${stackId}"]`).waitFor();
      // Browsers deny a framed page of another site its storage: the keys then live in memory.
      expect(errors).toEqual([]);
      await ui.close();
    } finally {
      host.close();
    }
  }, 30_000);

  it('signs with a library where the page has no Web Crypto (plain HTTP, not localhost): the same signature', async () => {
    const { secretKey, vectors } = readFixture<{ secretKey: string; vectors: Array<{ params: Record<string, string>; signature: string }> }>('cloudstack', 'signing-vectors.json');
    await page.goto(consoleUrl);
    // A string, so that the test's CommonJS compilation leaves the page's dynamic imports alone.
    const signatures = await page.evaluate(`(async () => {
      const signing = await import(new URL('signing.js', document.baseURI).href);
      const fallback = await import(new URL('hmac-fallback.js', document.baseURI).href);
      const all = ${JSON.stringify(vectors.map((v) => v.params))};
      return Promise.all(all.map((params) => signing.computeSignature(params, ${JSON.stringify(secretKey)}, fallback.nobleHmacSha1)));
    })()`);
    expect(signatures).toEqual(vectors.map((v) => v.signature));
  });

  it("uses the CloudStack UI's session, with no keys, when the UI's /client/api is this service on the same site", async () => {
    // What CloudStack's UI does at its login, through the service (which passes login on).
    // The UI names the domain by its path below ROOT.
    const domain = `/${svc.users.alice.domain.split('/').filter((part) => part && part !== 'ROOT').join('/')}`;
    const login = await page.request.post(svc.service.url, { form: { command: 'login', username: 'alice', password: svc.users.alice.password, domain, response: 'json' } });
    expect(login.status()).toBe(200);
    const tab = await browser.context.newPage();
    try {
      // A new tab has no keys in its session storage: the session is what signs it in.
      await tab.goto(consoleUrl);
      await tab.getByRole('heading', { name: 'Stacks' }).waitFor();
      await expectText(tab.locator('#account'), 'CloudStack session');
      await tab.getByLabel('Status').selectOption('CREATE_COMPLETE');
      await expectText(tab.locator('table.stacks'), 'keys');
    } finally {
      await page.request.post(svc.service.url, { form: { command: 'logout', response: 'json' } });
      await tab.close();
    }
    // Without the session, a new tab asks for keys again.
    const after = await browser.context.newPage();
    await after.goto(consoleUrl);
    await after.getByLabel('API key').waitFor();
    await after.close();
  }, 30_000);

  it('serves only the build: unknown paths are 404, and the page forbids inline scripts', async () => {
    const index = await fetch(consoleUrl);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toBe(readFileSync(join(assets, 'index.html'), 'utf8'));
    expect((await fetch(`${consoleUrl}..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${consoleUrl}missing.js`)).status).toBe(404);
  });
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
}
