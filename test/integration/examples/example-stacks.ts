import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { expectValidCloudConfig } from '../../support/cloud-init';
import type { TestService } from '../../support/service';
import { createStack, SimulatorClients, stackEvents, waitForJob } from '../../support/stacks';

export const EXAMPLES = join(__dirname, '../../../examples');

export async function readExample(name: string): Promise<string> {
  return readFile(join(EXAMPLES, name), 'utf8');
}

export interface BuiltStack {
  id: string;
  name: string;
  outputs: Record<string, string>;
  seconds: number;
}

/** Template parameters as CloudStack's map: parameters[0].key=K&parameters[0].value=V... */
export function parameterFields(parameters: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = {};
  Object.entries(parameters).forEach(([key, value], i) => {
    fields[`parameters[${i}].key`] = key;
    fields[`parameters[${i}].value`] = value;
  });
  return fields;
}

/** The stack's outputs as a key -> value record. */
export function outputsOf(stack: { outputs?: unknown }): Record<string, string> {
  return Object.fromEntries(((stack.outputs ?? []) as Array<{ key: string; value: string }>).map((o) => [o.key, o.value]));
}

/** createStack as alice with the given parameters, waited on; fails with the events if it did not complete. */
export async function buildStack(svc: TestService, name: string, template: string, parameters: Record<string, string>): Promise<BuiltStack> {
  const started = Date.now();
  const { id, jobid } = await createStack(svc, 'alice', name, template, parameterFields(parameters));
  const job = await waitForJob(svc, 'alice', jobid, 120_000);
  const stack = (job.jobresult as { stack?: Record<string, unknown> }).stack;
  if (job.jobstatus !== 1 || stack?.status !== 'CREATE_COMPLETE') {
    const events = await stackEvents(svc, 'alice', id);
    throw new Error(`stack ${name}: ${JSON.stringify(job.jobresult)}\n${events.map((e) => `${e.logicalid} ${e.status} ${e.statusreason ?? ''}`).join('\n')}`);
  }
  return { id, name, outputs: outputsOf(stack), seconds: (Date.now() - started) / 1000 };
}

export interface SimVm {
  id: string;
  name: string;
  state: string;
  keypairs?: string;
  nic: Array<{ ipaddress: string; networkid: string }>;
  securitygroup?: Array<{ id: string; name: string }>;
}

/** The group members named <prefix>-1 ... <prefix>-n, in index order. */
export async function membersNamed(clients: SimulatorClients, prefix: string): Promise<SimVm[]> {
  const vms = await clients.as('alice').listAll<SimVm>('listVirtualMachines', {}, 'virtualmachine');
  const pattern = new RegExp(`^${prefix}-(\\d+)$`);
  return vms
    .filter((vm) => pattern.test(vm.name) && vm.state !== 'Destroyed' && vm.state !== 'Expunging')
    .sort((a, b) => Number(pattern.exec(a.name)![1]) - Number(pattern.exec(b.name)![1]));
}

/** The user data the simulator holds for the VM, read back as its owner. */
export async function userDataOf(clients: SimulatorClients, vm: SimVm): Promise<string> {
  const answer = await clients.as('alice').request<{ virtualmachineuserdata: { userdata: string } }>('getVirtualMachineUserData', { virtualmachineid: vm.id });
  return Buffer.from(answer.virtualmachineuserdata.userdata, 'base64').toString('utf8');
}

/** The user data the simulator holds for the VM, read back as its owner, and checked by cloud-init. */
export async function validUserData(clients: SimulatorClients, vm: SimVm): Promise<string> {
  const text = await userDataOf(clients, vm);
  await expectValidCloudConfig(text, vm.name);
  return text;
}

export interface CloudConfig {
  write_files?: Array<{ path: string; content: string; permissions?: string }>;
  runcmd?: unknown[];
  packages?: string[];
  apt?: { sources?: Record<string, { source: string; keyid?: string }> };
  manage_etc_hosts?: boolean;
  [key: string]: unknown;
}

export function parseCloudConfig(text: string): CloudConfig {
  return parseYaml(text) as CloudConfig;
}

export function fileIn(config: CloudConfig, path: string): string {
  const file = config.write_files?.find((f) => f.path === path);
  if (!file) throw new Error(`no write_files entry for ${path}`);
  return file.content;
}

/**
 * Runs a script from the user data the way the VM would, but with DESTDIR pointing at a scratch
 * tree seeded with `seed` files; returns the tree's files after the run (relative paths). Seeded
 * files under bin/ are executable and found first on PATH, to stand in for system commands.
 */
export async function runScript(interpreter: 'sh' | 'bash', script: string, seed: Record<string, string> = {}): Promise<{ read(path: string): Promise<string | undefined>; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'csf-destdir-'));
  for (const [path, content] of Object.entries(seed)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content, { mode: path.startsWith('bin/') ? 0o755 : 0o644 });
  }
  const file = join(root, 'script');
  await writeFile(file, script);
  await new Promise<void>((resolve, reject) => {
    execFile(interpreter, [file], { env: { ...process.env, DESTDIR: root, PATH: `${join(root, 'bin')}:${process.env.PATH}` }, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${interpreter} script failed: ${stderr || stdout || err.message}`));
      else resolve();
    });
  });
  return {
    read: async (path) => readFile(join(root, path), 'utf8').catch(() => undefined),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** The systemd directive lines of a unit, e.g. all `ExecStart=` values. */
export function directive(unit: string, name: string): string[] {
  return unit.split('\n').filter((l) => l.startsWith(`${name}=`)).map((l) => l.slice(name.length + 1));
}
