import { type BenchEnvironment } from './bench-environment';
import { CIDR_FOR_1000_AGENTS, clusterTemplate } from './bench-template';
import { lowerBoundMs } from './critical-path';
import { limiter } from './limiter';
import { callsByCommand, printCalls, totalCalls } from './simulator-calls';

/** How many operations the driver runs at once, and how often it asks after each job (Terraform's -parallelism default and a 1 s poll). */
const WIDTH = 10;
const POLL_MS = 1000;

type Answer = Record<string, any>;

/**
 * The client users would otherwise script, as Terraform's CloudStack provider works: each
 * resource is one operation (look-ups, the create call, a queryAsyncJobResult every second until
 * its job ends, then a read of what it made), at most ten at a time, each resource started as
 * soon as what it references exists. It talks straight to the management server (the simulator),
 * with the same latency model as the service's figures, and builds the benchmark's cluster.
 * The masters get only their index in their user data: a resource-per-VM driver cannot give a VM
 * its peers' addresses before they exist, which the service's group does by starting them later.
 * Rules leave the firewall to the declared firewall rule (openfirewall false), as Terraform's
 * provider does.
 */
async function buildCluster(env: BenchEnvironment, username: string, vms: number): Promise<void> {
  const call = async (params: Record<string, string>): Promise<Answer> => {
    const answer = await env.call('simulator', username, params);
    if (answer?.errortext) throw new Error(`${params.command}: ${answer.errorcode} ${answer.errortext}`);
    return answer;
  };
  const job = async (params: Record<string, string>): Promise<Answer> => {
    const { jobid } = await call(params);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const result = await call({ command: 'queryAsyncJobResult', jobid });
      if (result.jobstatus === 1) return result.jobresult;
      if (result.jobstatus === 2) throw new Error(`${params.command} job failed: ${JSON.stringify(result.jobresult)}`);
    }
  };
  const slot = limiter(WIDTH);
  const base64 = (text: string) => Buffer.from(text).toString('base64');

  // Data sources, resolved once as Terraform does at plan time.
  const [zone, offering, template, networkOffering] = await Promise.all([
    call({ command: 'listZones', name: 'zone-advanced' }).then((a) => a.zone[0].id as string),
    call({ command: 'listServiceOfferings', name: 'Small Instance' }).then((a) => a.serviceoffering[0].id as string),
    call({ command: 'listTemplates', templatefilter: 'executable', name: 'Mesos 1.11 on Ubuntu 20.04' }).then((a) => a.template[0].id as string),
    call({ command: 'listNetworkOfferings', name: 'DefaultIsolatedNetworkOfferingWithSourceNatService' }).then((a) => a.networkoffering[0].id as string),
  ]);
  const deploy = (name: string, networkId: string, userData: string) => slot(async () => {
    const { virtualmachine } = await job({ command: 'deployVirtualMachine', zoneid: zone, serviceofferingid: offering, templateid: template, networkids: networkId, name, userdata: base64(userData) });
    await call({ command: 'listVirtualMachines', id: virtualmachine.id });
    return { id: virtualmachine.id as string, ip: virtualmachine.nic[0].ipaddress as string };
  });

  const network = slot(async () => {
    const { network: created } = await call({ command: 'createNetwork', name: 'naive-net', displaytext: 'naive-net', zoneid: zone, networkofferingid: networkOffering, gateway: CIDR_FOR_1000_AGENTS.gateway, netmask: CIDR_FOR_1000_AGENTS.netmask });
    await call({ command: 'listNetworks', id: created.id });
    return created.id as string;
  });
  const masters = network.then((net) => Promise.all([1, 2, 3].map((i) => deploy(`naive-master-${i}`, net, `#!/bin/sh\necho ${i}\n`))));
  const agents = Promise.all([network, masters]).then(([net, ms]) => {
    const peers = ms.map((m) => m.ip).join(',');
    return Promise.all(Array.from({ length: vms - 3 }, (_, i) => deploy(`naive-agent-${i + 1}`, net, `#!/bin/sh\necho master=${peers}\n`)));
  });
  const ip = network.then((net) => slot(async () => {
    const { ipaddress } = await job({ command: 'associateIpAddress', networkid: net });
    await call({ command: 'listPublicIpAddresses', id: ipaddress.id });
    return ipaddress.id as string;
  }));
  const firewall = ip.then((ipId) => slot(() => job({ command: 'createFirewallRule', ipaddressid: ipId, protocol: 'tcp', startport: '22', endport: '22', cidrlist: '0.0.0.0/0' })));
  const ssh = Promise.all([ip, masters]).then(([ipId, ms]) => slot(() => job({ command: 'createPortForwardingRule', ipaddressid: ipId, protocol: 'tcp', publicport: '22', privateport: '22', virtualmachineid: ms[0].id, openfirewall: 'false' })));
  const lb = Promise.all([ip, network]).then(([ipId, net]) => slot(() => job({ command: 'createLoadBalancerRule', publicipid: ipId, name: 'naive-ui', algorithm: 'roundrobin', publicport: '5050', privateport: '5050', networkid: net, openfirewall: 'false' })));
  const assigned = Promise.all([lb, masters]).then(([rule, ms]) => slot(() => job({ command: 'assignToLoadBalancerRule', id: rule.loadbalancer.id, virtualmachineids: ms.map((m) => m.id).join(',') })));
  await Promise.all([agents, firewall, ssh, assigned]);
}

/** Cluster sizes the naive driver builds: BENCH_NAIVE_SIZES, default 10,100 (at 1,000 VMs it takes about five minutes). */
function naiveSizes(): number[] {
  return (process.env.BENCH_NAIVE_SIZES ?? '10,100').split(',').filter((s) => s.trim() !== '').map((s) => Number(s.trim()));
}

/**
 * Issue 13's baseline: the naive 10-wide driver building the same cluster at each size, on the
 * same simulator and latency model, held to the same critical path. Its figures have no target:
 * they are what the service's are compared with (docs/performance.md).
 */
export async function naiveDriver(env: BenchEnvironment, username: string): Promise<void> {
  for (const vms of naiveSizes()) {
    const bound = lowerBoundMs(clusterTemplate(vms - 3, CIDR_FOR_1000_AGENTS));
    await callsByCommand(env, true);
    const started = Date.now();
    let outcome = 'complete';
    try {
      await buildCluster(env, username, vms);
    } catch (error) {
      outcome = `failed: ${(error as Error).message}`;
      process.exitCode = 1;
    }
    const wall = Date.now() - started;
    const calls = await callsByCommand(env, true);
    const total = totalCalls(calls);
    console.log(`\n## Naive driver at ${vms} VMs: ${WIDTH} operations at a time, queryAsyncJobResult every ${POLL_MS / 1000} s, straight to the simulator (user ${username})`);
    console.log(`outcome:           ${outcome}`);
    console.log(`wall time:         ${(wall / 1000).toFixed(2)} s`);
    console.log(`critical path:     ${(bound.ms / 1000).toFixed(2)} s (the service's bound for the same cluster)`);
    console.log(`ratio:             ${(wall / bound.ms).toFixed(3)}`);
    console.log(`management calls:  ${total} (${(total / vms).toFixed(2)} per VM, polling included)`);
    printCalls(calls);
  }
}
