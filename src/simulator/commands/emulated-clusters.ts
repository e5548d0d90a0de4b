import { listPayload, singlePayload } from '../../cloudstack-api';
import { clusterEmulatorOf } from '../cluster/emulator';
import { agentResources, usage } from '../cluster/endpoints';
import { invalidParameter } from '../errors';
import type { CommandSpec } from '../registry';

/** Simulator-only commands (root admin): what the cluster emulator sees, and a cluster's load. */

const listEmulatedClusters: CommandSpec = {
  name: 'listEmulatedClusters',
  description: 'Simulator only: the Mesos clusters the cluster emulator models, per guest network, with what keeps them from forming',
  isasync: false,
  roles: ['Admin'],
  params: [{ name: 'networkid', type: 'uuid', description: 'only this guest network' }],
  response: [{ name: 'emulatednetwork', type: 'list', description: 'one entry per guest network with modelled VMs' }],
  handler(ctx) {
    const emulator = clusterEmulatorOf(ctx.sim);
    const networkId = ctx.str('networkid');
    const views = (emulator?.describe() ?? []).filter((v) => networkId === undefined || v.networkId === networkId).map((view) => ({
      networkid: view.networkId,
      zookeeper: view.model.ensembles.map((e) => ({ servers: e.id, size: e.size, voters: e.voters.map((vm) => vm.name), formed: e.formed, leader: e.leader?.name })),
      cluster: view.model.clusters.map((c) => {
        const share = c.leader ? usage(c, emulator!.loadOf(c.key)) : undefined;
        return {
          name: c.name,
          zkpath: c.path,
          quorum: c.quorum,
          masters: c.masters.map((vm) => vm.name),
          leader: c.leader?.name,
          leaderip: c.leader?.ip,
          agents: c.agents.map((vm) => ({ name: vm.name, ip: vm.ip, ...agentResources(vm) })),
          frameworks: c.frameworks.map((f) => f.name),
          mesosdns: c.mesosDns.map((vm) => vm.name),
          ...(share ? { cpustotal: share.cpusTotal, cpusused: share.cpusUsed, memtotal: share.memTotal, memused: share.memUsed } : {}),
        };
      }),
      problems: view.problems,
      pendingsignals: view.pendingSignals,
    }));
    return listPayload('emulatednetwork', views, views.length);
  },
};

function amount(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(value) || value < 0) throw invalidParameter(`Invalid parameter ${name} value=${raw ?? ''}: expected a number of at least 0`);
  return value;
}

const setEmulatedClusterLoad: CommandSpec = {
  name: 'setEmulatedClusterLoad',
  description: 'Simulator only: sets what the frameworks of an emulated Mesos cluster use (its masters report it in /master/state and /metrics/snapshot)',
  isasync: false,
  roles: ['Admin'],
  params: [
    { name: 'virtualmachineid', type: 'uuid', required: true, description: 'a master or agent of the cluster' },
    { name: 'cpusused', type: 'string', required: true, description: 'CPUs in use across the agents' },
    { name: 'memused', type: 'string', required: true, description: 'memory in use across the agents, in MB' },
  ],
  response: [{ name: 'emulatedclusterload', type: 'object', description: 'the cluster and its load' }],
  handler(ctx) {
    const vmId = ctx.str('virtualmachineid')!;
    const load = { cpusUsed: amount('cpusused', ctx.str('cpusused')), memUsedMb: amount('memused', ctx.str('memused')) };
    if (!ctx.sim.state.virtualMachines.has(vmId)) throw invalidParameter(`Unable to find a virtual machine with id ${vmId}`);
    const key = clusterEmulatorOf(ctx.sim)?.setLoad(vmId, load);
    if (!key) throw invalidParameter(`Virtual machine ${vmId} is not a master or a registered agent of an emulated Mesos cluster`);
    return singlePayload('emulatedclusterload', { virtualmachineid: vmId, cpusused: load.cpusUsed, memused: load.memUsedMb });
  },
};

export const emulatedClusterCommands: CommandSpec[] = [listEmulatedClusters, setEmulatedClusterLoad];
