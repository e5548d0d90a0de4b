import { formatCloudStackDate, singlePayload } from '../../cloudstack-api';
import { invalidParameter } from '../errors';
import { parseFailRate, parseVmIndexes, type SimulatorKnobs } from '../knobs';
import type { CommandSpec } from '../registry';

/** Simulator-only commands (root admin): change fault knobs mid-flight, read call counts. */

function knobsView(knobs: SimulatorKnobs): Record<string, unknown> {
  return {
    joblatencyms: knobs.jobLatencyMs,
    apilatencyms: knobs.apiLatencyMs,
    httperrorrate: knobs.httpErrorRate,
    throttle: knobs.throttle,
    throttlerootadmin: knobs.throttleRootAdmin,
    zonecpucores: knobs.zoneCpuCores,
    zonememorymb: knobs.zoneMemoryMb,
    failrate: [...knobs.failRates.entries()].map(([command, ratio]) => ({ command, ratio })),
    latency: [...knobs.commandLatencyMs.entries()].map(([command, ms]) => ({ command, ms })),
    failvmnames: knobs.failingVms.namePatterns,
    failvmindexes: knobs.failingVms.indexes,
    duplicateipvmnames: knobs.duplicateIpVms,
  };
}

function nonNegative(name: string, raw: string | undefined, max = Number.POSITIVE_INFINITY): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > max) throw invalidParameter(`Invalid parameter ${name} value=${raw}: expected a number between 0 and ${max}`);
  return value;
}

const configureSimulator: CommandSpec = {
  name: 'configureSimulator',
  description: 'Simulator only: changes latency, failure injection and throttling at runtime',
  isasync: false,
  roles: ['Admin'],
  params: [
    { name: 'joblatencyms', type: 'long', description: 'mean duration of async jobs in milliseconds' },
    { name: 'apilatencyms', type: 'long', description: 'delay added to every API answer in milliseconds' },
    { name: 'httperrorrate', type: 'string', description: 'probability (0..1) of answering a request with HTTP 503' },
    { name: 'throttle', type: 'integer', description: 'API requests per second per account; 0 disables throttling' },
    { name: 'throttlerootadmin', type: 'boolean', description: 'also throttle the root admin (CloudStack exempts it)' },
    { name: 'zonecpucores', type: 'integer', description: 'CPU cores each zone can run' },
    { name: 'zonememorymb', type: 'long', description: 'memory (MB) each zone can run' },
    { name: 'failrate', type: 'map', description: 'async job failure ratios: failrate[0].command=deployVirtualMachine&failrate[0].ratio=0.5 (command * for all)' },
    { name: 'latency', type: 'map', description: 'per-command job latency: latency[0].command=deployVirtualMachine&latency[0].ms=2000' },
    { name: 'failvmnames', type: 'list', description: 'VM name patterns (* and ?) whose deploy and start jobs always fail with 533, leaving the VM in Error' },
    { name: 'failvmindexes', type: 'list', description: 'indexes: a VM whose name ends in -<index> always fails to deploy and start (group members 3,7,11)' },
    { name: 'duplicateipvmnames', type: 'list', description: 'VM name patterns (* and ?) caught in the guest IP allocation race: the first deploy under a matching name is given the address its network gave last (apache/cloudstack#7907)' },
    { name: 'reset', type: 'boolean', description: 'clear all fail rates, failing VMs, raced VMs and per-command latencies before applying the rest' },
  ],
  response: [{ name: 'simulatorconfiguration', type: 'object', description: 'the knobs now in effect' }],
  handler(ctx) {
    const knobs = ctx.sim.knobs;
    const failRates = (ctx.map('failrate') ?? []).map((entry) => {
      try {
        return parseFailRate(`${entry.command ?? ''}=${entry.ratio ?? ''}`);
      } catch (err) {
        throw invalidParameter(`Invalid parameter failrate: ${(err as Error).message}`);
      }
    });
    const latencies = (ctx.map('latency') ?? []).map((entry): [string, number] => {
      if (!entry.command) throw invalidParameter('Invalid parameter latency: every latency[n] needs latency[n].command');
      return [entry.command, nonNegative('latency.ms', entry.ms) ?? 0];
    });
    let failingIndexes: number[] | undefined;
    try {
      failingIndexes = ctx.list('failvmindexes') === undefined ? undefined : parseVmIndexes(ctx.list('failvmindexes') as string[]);
    } catch (err) {
      throw invalidParameter(`Invalid parameter failvmindexes: ${(err as Error).message}`);
    }
    const failingNames = ctx.list('failvmnames');
    const updates = {
      jobLatencyMs: nonNegative('joblatencyms', ctx.str('joblatencyms')),
      apiLatencyMs: nonNegative('apilatencyms', ctx.str('apilatencyms')),
      httpErrorRate: nonNegative('httperrorrate', ctx.str('httperrorrate'), 1),
      throttle: nonNegative('throttle', ctx.str('throttle')),
      zoneCpuCores: nonNegative('zonecpucores', ctx.str('zonecpucores')),
      zoneMemoryMb: nonNegative('zonememorymb', ctx.str('zonememorymb')),
    };
    if (ctx.bool('reset', false)) {
      knobs.failRates.clear();
      knobs.commandLatencyMs.clear();
      knobs.failingVms = { namePatterns: [], indexes: [] };
      knobs.duplicateIpVms = [];
    }
    const racedNames = ctx.list('duplicateipvmnames');
    if (racedNames !== undefined) knobs.duplicateIpVms = racedNames.filter((name) => name.trim() !== '');
    if (failingNames !== undefined) knobs.failingVms.namePatterns = failingNames.filter((name) => name.trim() !== '');
    if (failingIndexes !== undefined) knobs.failingVms.indexes = failingIndexes;
    for (const [key, value] of Object.entries(updates)) if (value !== undefined) (knobs as unknown as Record<string, number>)[key] = value;
    if (ctx.str('throttlerootadmin') !== undefined) knobs.throttleRootAdmin = ctx.bool('throttlerootadmin', false);
    for (const [command, ratio] of failRates) knobs.failRates.set(command, ratio);
    for (const [command, ms] of latencies) knobs.commandLatencyMs.set(command, ms);
    return singlePayload('simulatorconfiguration', knobsView(knobs));
  },
};

const listSimulatorStatistics: CommandSpec = {
  name: 'listSimulatorStatistics',
  description: 'Simulator only: API calls per command, deployVirtualMachine jobs at once per network, injected faults, cloud-init signal calls and, on request, each async job\'s drawn latency',
  isasync: false,
  roles: ['Admin'],
  params: [
    { name: 'reset', type: 'boolean', description: 'zero the counters after answering' },
    { name: 'joblatencies', type: 'boolean', description: 'also list the latency the model drew for each async job submitted (joblatency)' },
  ],
  response: [{ name: 'simulatorstatistics', type: 'object', description: 'the counters since start or the last reset' }],
  handler(ctx) {
    const stats = ctx.sim.statistics;
    const view = {
      since: formatCloudStackDate(stats.since),
      totalcalls: stats.totalCalls,
      injectedhttperrors: stats.injectedHttpErrors,
      throttled: stats.throttled,
      command: stats.byCommand(),
      networkdeploy: stats.networkDeploys().map((d) => ({ networkid: d.networkId, running: d.running, peak: d.peak })),
      signal: stats.signals.map((s) => ({ ...s, at: formatCloudStackDate(s.at) })),
      ...(ctx.bool('joblatencies', false) ? { joblatency: stats.jobLatencies, joblatenciesdropped: stats.jobLatenciesDropped } : {}),
    };
    if (ctx.bool('reset', false)) stats.reset();
    return singlePayload('simulatorstatistics', view);
  },
};

export const simulatorAdminCommands: CommandSpec[] = [configureSimulator, listSimulatorStatistics];
