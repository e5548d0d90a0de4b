import type { SignalCall } from '../cloud-init';
import type { SimulatorRuntime } from '../runtime';
import type { VirtualMachine } from '../state/types';
import { bootCloudConfig, parseCloudConfig, startsModelledUnits } from './boot';
import { componentsOf, type HaproxyListener, type VmComponents } from './components';
import { answer, type ClusterLoad, type EndpointAnswer } from './endpoints';
import { sandboxAvailable } from './sandbox';
import { modelCluster, type ClusterModel, type ModelVm } from './model';
import type { HttpProbe, ReadyStep } from './ready-script';

export type PerformSignal = (vm: VirtualMachine, call: SignalCall) => void;

interface BootedVm {
  vmId: string;
  bootOrder: number;
  components: VmComponents;
  problems: string[];
  pending: ReadyStep[];
}

const MAX_REDIRECTS = 5;

export interface NetworkView {
  networkId: string;
  model: ClusterModel;
  problems: string[];
  /** VMs whose readiness script still waits. */
  pendingSignals: string[];
}

/**
 * The cluster emulator: VMs whose cloud-config starts ZooKeeper, Mesos, Marathon, Chronos or
 * Marathon-LB are booted (boot.ts), their components read back (components.ts) and modelled per
 * guest network (model.ts). A readiness script's signal is sent only once every probe it waits
 * on would succeed against the model (endpoints.ts). Other VMs are not modelled: cloud-init.ts
 * keeps signalling them at first boot.
 */
export class ClusterEmulator {
  private readonly booted = new Map<string, BootedVm>();
  private readonly loads = new Map<string, ClusterLoad>();
  private bootCount = 0;
  private warned = false;
  private evaluation?: NodeJS.Immediate;

  constructor(private readonly sim: SimulatorRuntime, private readonly performSignal: PerformSignal) {}

  /** Boots the VM's user data when it is one the emulator models; false when it is not. */
  async boot(vm: VirtualMachine, userData: string): Promise<boolean> {
    const config = parseCloudConfig(userData);
    if (!config || !startsModelledUnits(config)) return false;
    if (!(await sandboxAvailable())) {
      // User-data scripts never run outside the sandbox; the VM is signalled as before.
      if (!this.warned) process.emitWarning('cluster emulator off: bubblewrap (bwrap) is not usable here, so cluster VMs are signalled at first boot without modelling their cluster (apt-get install bubblewrap)');
      this.warned = true;
      return false;
    }
    const bootOrder = ++this.bootCount;
    const tree = await bootCloudConfig(config, vm.name);
    const ip = vm.nics[0]?.ipAddress ?? '';
    this.booted.set(vm.id, { vmId: vm.id, bootOrder, components: componentsOf(tree, vm.name, ip), problems: tree.problems, pending: tree.readySteps });
    this.scheduleEvaluation();
    return true;
  }

  isModelled(vmId: string): boolean {
    return this.booted.has(vmId);
  }

  /** Something changed (a VM booted or started, the load moved): re-check pending signals soon, once. */
  scheduleEvaluation(): void {
    if (this.evaluation) return;
    this.evaluation = setImmediate(() => {
      this.evaluation = undefined;
      this.evaluate();
    });
  }

  /** The model of one guest network: every booted VM with a NIC in it. */
  modelOf(networkId: string): { model: ClusterModel; vms: ModelVm[] } {
    const vms: ModelVm[] = [];
    for (const booted of this.booted.values()) {
      const vm = this.sim.state.virtualMachines.get(booted.vmId);
      const nic = vm?.nics.find((n) => n.networkId === networkId);
      if (!vm || !nic) continue;
      const offering = this.sim.state.serviceOfferings.get(vm.serviceOfferingId);
      vms.push({ vmId: vm.id, name: vm.name, ip: nic.ipAddress, running: vm.state === 'Running', bootOrder: booted.bootOrder, cpus: offering?.cpuNumber ?? 0, memoryMb: offering?.memory ?? 0, components: booted.components });
    }
    return { model: modelCluster(vms), vms };
  }

  /** An HTTP GET to ip:port/path from inside the network, as the model would answer it. */
  request(networkId: string, url: string, models = new Map<string, { model: ClusterModel; vms: ModelVm[] }>(), depth = 0): EndpointAnswer {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { status: 0, body: '' };
    }
    const view = models.get(networkId) ?? this.modelOf(networkId);
    models.set(networkId, view);
    const vm = view.model.byIp.get(target.hostname);
    if (!vm) return { status: 0, body: '' };
    const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
    const path = decodeURIComponent(target.pathname);
    const listener = vm.running ? vm.components.haproxy?.find((l) => l.port === port) : undefined;
    if (listener) return depth < MAX_REDIRECTS ? this.proxy(networkId, listener, path, models, depth + 1) : { status: 0, body: '' };
    return answer(view.model, vm, port, path, this.loads);
  }

  /** HAProxy: the request goes to the first server whose HTTP check passes; 503 when none does. */
  private proxy(networkId: string, listener: HaproxyListener, path: string, models: Map<string, { model: ClusterModel; vms: ModelVm[] }>, depth: number): EndpointAnswer {
    const healthy = listener.servers.find(({ host, port }) => {
      const check = this.request(networkId, `http://${host}:${port}${listener.checkPath ?? '/'}`, models, depth);
      if (check.status === 0) return false;
      // Without `http-check expect`, HAProxy takes any 2xx or 3xx as healthy.
      return listener.expectStatus !== undefined ? check.status === listener.expectStatus : check.status >= 200 && check.status < 400;
    });
    if (!healthy) return { status: 503, body: '<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>', contentType: 'text/html' };
    return this.request(networkId, `http://${healthy.host}:${healthy.port}${path}`, models, depth);
  }

  private probeHolds(networkId: string, probe: HttpProbe, models: Map<string, { model: ClusterModel; vms: ModelVm[] }>): boolean {
    let url = probe.url;
    let reply = this.request(networkId, url, models);
    for (let hops = 0; probe.followRedirects && reply.status >= 300 && reply.status < 400 && reply.location && hops < MAX_REDIRECTS; hops++) {
      url = new URL(reply.location, url).toString();
      reply = this.request(networkId, url, models);
    }
    if (reply.status === 0 || (probe.failOnHttpError && reply.status >= 400)) return false;
    if (!probe.grep) return true;
    const { pattern, mode } = probe.grep;
    if (mode === 'fixed') return reply.body.includes(pattern);
    try {
      // Basic regular expressions escape the operators extended ones use bare.
      const source = mode === 'basic' ? pattern.replace(/\\([?+{}|()])/g, '$1') : pattern;
      return new RegExp(source).test(reply.body);
    } catch {
      return false;
    }
  }

  private evaluate(): void {
    const models = new Map<string, { model: ClusterModel; vms: ModelVm[] }>();
    for (const booted of this.booted.values()) {
      const vm = this.sim.state.virtualMachines.get(booted.vmId);
      if (!vm) {
        this.booted.delete(booted.vmId);
        continue;
      }
      if (vm.state !== 'Running' || booted.pending.length === 0) continue;
      const networkId = vm.nics[0]?.networkId;
      while (booted.pending.length > 0) {
        const step = booted.pending[0];
        if (!step.waits.every((probe) => probe.kind === 'http' && this.probeHolds(networkId, probe, models))) break;
        booted.pending.shift();
        for (const call of step.signals) this.performSignal(vm, call);
      }
    }
  }

  /** Every Mesos cluster the emulator sees, with what it is missing; for listEmulatedClusters. */
  describe(): NetworkView[] {
    const networks = new Set<string>();
    for (const booted of this.booted.values()) {
      const vm = this.sim.state.virtualMachines.get(booted.vmId);
      for (const nic of vm?.nics ?? []) networks.add(nic.networkId);
    }
    const views: NetworkView[] = [];
    for (const networkId of networks) {
      const { model, vms } = this.modelOf(networkId);
      const bootProblems = vms.flatMap((vm) => this.booted.get(vm.vmId)!.problems.map((p) => `${vm.name}: ${p}`));
      const pendingSignals = vms.filter((vm) => (this.booted.get(vm.vmId)?.pending.length ?? 0) > 0).map((vm) => vm.name);
      views.push({ networkId, model, problems: [...bootProblems, ...model.problems], pendingSignals });
    }
    return views;
  }

  /** Sets what a cluster's frameworks use; the cluster is the one a member VM belongs to. */
  setLoad(vmId: string, load: ClusterLoad): string | undefined {
    const vm = this.sim.state.virtualMachines.get(vmId);
    for (const nic of vm?.nics ?? []) {
      const { model } = this.modelOf(nic.networkId);
      const cluster = model.clusters.find((c) => c.masters.some((m) => m.vmId === vmId) || c.agents.some((a) => a.vmId === vmId));
      if (cluster) {
        this.loads.set(cluster.key, load);
        this.scheduleEvaluation();
        return cluster.key;
      }
    }
    return undefined;
  }

  loadOf(key: string): ClusterLoad | undefined {
    return this.loads.get(key);
  }
}

const emulators = new WeakMap<SimulatorRuntime, ClusterEmulator>();

export function installClusterEmulator(sim: SimulatorRuntime, performSignal: PerformSignal): ClusterEmulator {
  const emulator = new ClusterEmulator(sim, performSignal);
  emulators.set(sim, emulator);
  return emulator;
}

export function clusterEmulatorOf(sim: SimulatorRuntime): ClusterEmulator | undefined {
  return emulators.get(sim);
}
