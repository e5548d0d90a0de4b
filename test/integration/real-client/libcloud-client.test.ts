import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startTestService, TestService } from '../../support/service';

/** Debian's python3-libcloud, with the system Python (.ci/run installs it). */
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(__dirname, '..', '..', 'support', 'libcloud', 'one_endpoint.py');

// Libcloud signs `[`, `]`, `~` and `*` bare where the management server's Java encodes all but
// `*`: a JSON template always has brackets.
const TEMPLATE = JSON.stringify({
  Description: 'from ~/templates/*.json',
  Resources: { Web: { Type: 'CloudStack::VirtualMachine', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' } } },
  Outputs: { Ip: { Value: { 'Fn::GetAtt': ['Web', 'PrivateIp'] } } },
});

function runLibcloud(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [SCRIPT], { env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error(`${PYTHON} is missing: apt-get install python3-libcloud (.ci/run does it)`));
        return;
      }
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('Apache Libcloud through the one endpoint', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  it('lists zones, deploys and destroys a VM, allocates an IP, and creates, lists and deletes a stack at the service URL', async () => {
    const result = await runLibcloud({ CLOUDSTACK_URL: svc.service.url, CLOUDSTACK_KEY: svc.users.alice.apikey, CLOUDSTACK_SECRET: svc.users.alice.secretkey, TEMPLATE_BODY: TEMPLATE });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const seen = JSON.parse(result.stdout);
    expect(seen).toMatchObject({
      zones: ['zone-advanced', 'zone-sg'],
      node: { name: 'by-libcloud', state: 'running' },
      destroyed: true,
      created: { name: 'by-libcloud', status: 'CREATE_COMPLETE' },
      listed: 1,
      deleted: 'DELETE_COMPLETE',
    });
    expect(seen.left.filter((state: string) => !['Destroyed', 'Expunging'].includes(state))).toEqual([]);
    expect(seen.address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  }, 120_000);
});
