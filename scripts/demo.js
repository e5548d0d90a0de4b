#!/usr/bin/env node
// `npm run demo`: the service on its defaults with the built-in simulator slowed to a realistic
// pace, a Mesos cluster built from examples/mesos-cluster.yaml with the live progress view; then a
// second act that grows it from 5 to 8 agents (the plan first, then the update with its progress
// view); then the service left running for cmk until Ctrl-C. Plain Node so it runs before
// anything is built.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, openSync, readFileSync, rmSync } = require('node:fs');
const { join, relative } = require('node:path');
const net = require('node:net');

const ROOT = join(__dirname, '..');
const CSF = join(ROOT, 'bin', 'csf');
const PORT = process.env.PORT || '8080';
// The simulator lives in memory, so a database kept from an earlier run would describe VMs that
// no longer exist: the demo keeps its state in a directory of its own and starts it afresh.
const DATA_DIR = process.env.DATA_DIR || join(ROOT, 'data', 'demo');
const SERVICE = `http://127.0.0.1:${PORT}`;
const STACK = 'mesos';
const STACK_ARGS = [
  'stack', 'create', STACK, '--template', join(ROOT, 'examples', 'mesos-cluster.yaml'),
  '--param', 'MasterCount=3', '--param', 'AgentCount=5',
  '--param', 'AdminCidr=10.0.0.0/8',
  // Marathon-LB on the agents puts a load balancer in front of them (port 80): the second act
  // shows its members following the agents.
  '--param', 'EnableMarathonLb=true',
  // Chronos is deprecated and off by default; the demo keeps it on, as README's transcript shows.
  '--param', 'EnableChronos=true',
  // The simulator's users have CloudStack's default account limit of 40 GiB of memory. Three
  // Medium masters (12 GiB) and the eight agents of the second act need 76 GiB with the
  // template's default Large agents, 44 with Medium ones, 20 with Small ones.
  '--param', 'AgentOffering=Small Instance',
  '--wait',
];
const GROWN_AGENTS = 8;
// Named, so that `cmk list changesets stackid=...` shows what the demo planned.
const PLAN_ARGS = ['stack', 'plan', STACK, '--use-previous-template', '--param', `AgentCount=${GROWN_AGENTS}`, '--change-set', `agents-${GROWN_AGENTS}`];

function say(text) {
  process.stdout.write(`${text}\n`);
}

function buildIfNeeded() {
  // The second act needs `csf stack plan`: a build from before it is as good as none.
  if (existsSync(join(ROOT, 'dist', 'src', 'cli', 'stack', 'plan-command.js'))) return;
  say('Building (npm run build)...');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
}

function portTaken(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function waitForReady(serve, logPath) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (serve.exitCode !== null) throw new Error(`csf serve exited with code ${serve.exitCode}; see ${logPath}`);
    try {
      const answer = await fetch(`${SERVICE}/readyz`);
      if (answer.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the service was not ready within a minute; see ${logPath}`);
}

function run(args, env, stdio) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CSF, ...args], { cwd: ROOT, env, stdio });
    let out = '';
    child.stdout?.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => resolve({ code, out }));
  });
}

function commandLine(args) {
  return `csf ${args.map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ').replace(`${ROOT}/`, '')}`;
}

/**
 * The second act: plan AgentCount 5 -> 8 with `csf stack plan` (a change set, printed as a
 * table), then apply that change set with `csf stack apply --wait` (the progress view of the
 * update, then the new outputs). Returns the exit code of the first step that did not go as
 * planned, or 0.
 */
async function growAgents(clientEnv) {
  say(`\nSecond act: the cluster grows from 5 to ${GROWN_AGENTS} agents. First the plan, a change set that changes nothing yet:\n`);
  say(`  ${commandLine(PLAN_ARGS)}\n`);
  // Captured to find the change set's id in it; the plan is printed as it came.
  const plan = await run(PLAN_ARGS, clientEnv, ['ignore', 'pipe', 'inherit']);
  process.stdout.write(plan.out);
  // As terraform plan -detailed-exitcode: 2 is "there are changes", the expected answer here.
  if (plan.code !== 2) {
    say(`\n(csf stack plan exited with ${plan.code}; the cluster stays as it is)`);
    return plan.code === 0 ? 1 : plan.code ?? 1;
  }
  const id = /csf stack apply (\S+)/.exec(plan.out)?.[1];
  if (!id) throw new Error('csf stack plan did not name the change set to apply');
  const applyArgs = ['stack', 'apply', id, '--wait'];
  // Said only when the plan shows it: a row of the table names the logical id after its symbol.
  const mastersUntouched = !/^\s*\S+\s+Masters\s/m.test(plan.out);
  if (mastersUntouched) say('\nThe masters are not in the plan: nothing they run depends on the agents.');
  say(`\nApplying it:\n\n  ${commandLine(applyArgs)}\n`);
  const started = Date.now();
  const applied = await run(applyArgs, clientEnv, 'inherit');
  say(`\n(csf stack apply exited with ${applied.code} after ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return applied.code ?? 1;
}

function cmkHelp(env, stackId) {
  const credentials = join(DATA_DIR, 'credentials.json');
  // Relative when it is under the current directory (the default data/demo), else absolute.
  const nearby = relative(process.cwd(), credentials);
  const shown = nearby.startsWith('..') ? credentials : `./${nearby}`;
  const alice = JSON.parse(readFileSync(credentials, 'utf8')).users.find((u) => u.username === 'alice');
  // The secret key is read from the file by the command itself: it is never printed.
  const secret = `"$(node -p "require('${shown}').users.find(u => u.username === 'alice').secretkey")"`;
  return [
    '',
    `The service keeps running at ${SERVICE}/client/api (logs: ${relative(process.cwd(), join(DATA_DIR, 'serve.log'))}).`,
    'Explore the stack with CloudMonkey (cmk), as alice, who owns it:',
    '',
    `  cmk set url ${SERVICE}/client/api`,
    `  cmk set apikey ${alice.apikey}`,
    `  cmk set secretkey ${secret}`,
    '  cmk sync',
    '  cmk list stacks',
    `  cmk list stackevents stackid=${stackId}`,
    `  cmk list stackresources stackid=${stackId}`,
    `  cmk list changesets stackid=${stackId}`,
    '',
    `or with csf: DATA_DIR=${relative(process.cwd(), DATA_DIR) || '.'} node bin/csf stack events ${STACK}`,
    '',
    'Press Ctrl-C to stop the service.',
  ].join('\n');
}

async function main() {
  buildIfNeeded();
  if (await portTaken(PORT)) throw new Error(`port ${PORT} is in use (another csf serve?); stop it or run PORT=<free port> npm run demo`);
  for (const file of ['csf.sqlite', 'csf.sqlite-wal', 'csf.sqlite-shm']) rmSync(join(DATA_DIR, file), { force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const logPath = join(DATA_DIR, 'serve.log');
  const log = openSync(logPath, 'w');
  const env = {
    ...process.env,
    PORT,
    DATA_DIR,
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
    // A real cloud takes seconds per API job and far longer to boot a VM; the defaults keep the
    // demo around a minute while the order and overlap of the work stay as they would be.
    CSF_SIMULATOR_JOB_LATENCY_MS: process.env.CSF_SIMULATOR_JOB_LATENCY_MS || '1000',
    CSF_SIMULATOR_DEPLOY_LATENCY_MS: process.env.CSF_SIMULATOR_DEPLOY_LATENCY_MS || '4000',
  };
  say(`Starting csf serve on ${SERVICE} with the built-in CloudStack simulator (logs: ${relative(process.cwd(), logPath)})`);
  const serve = spawn(process.execPath, [CSF, 'serve'], { cwd: ROOT, env, stdio: ['ignore', log, log] });
  const stopped = new Promise((resolve) => serve.once('exit', resolve));
  // Ctrl-C reaches the whole process group; serve shuts itself down on it, the demo waits for that.
  let interrupted = false;
  process.on('SIGINT', () => {
    interrupted = true;
  });
  process.on('SIGTERM', () => serve.kill('SIGTERM'));
  try {
    await waitForReady(serve, logPath);
    const clientEnv = { ...process.env, DATA_DIR };
    for (const name of ['CSF_URL', 'CSF_API_KEY', 'CSF_SECRET_KEY']) delete clientEnv[name];
    say(`Creating the Mesos cluster: ${commandLine(STACK_ARGS)}\n`);
    const started = Date.now();
    const created = await run(STACK_ARGS, clientEnv, 'inherit');
    if (interrupted) return stopped.then(() => 130);
    say(`\n(csf stack create exited with ${created.code} after ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    // Only a cluster that is up can grow; a failed create is left for the events to explain.
    const grown = created.code === 0 ? await growAgents(clientEnv) : created.code;
    if (interrupted) return stopped.then(() => 130);
    const listed = await run(['stack', 'list'], clientEnv, ['ignore', 'pipe', 'inherit']);
    const row = listed.out.split('\n').find((line) => line.startsWith(`${STACK} `));
    say(cmkHelp(env, row ? row.trim().split(/\s+/).pop() : '<stack id from cmk list stacks>'));
    await stopped;
    return grown ?? 1;
  } catch (error) {
    serve.kill('SIGTERM');
    await stopped;
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`demo: ${error.message}\n`);
    process.exit(1);
  },
);
