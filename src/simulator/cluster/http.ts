import type { Context } from 'koa';
import type { SimulatorRuntime } from '../runtime';
import { clusterEmulatorOf } from './emulator';

/** /emulator/<virtual machine id>/<port>/<path>: a GET to that port of an emulated VM. */
export const EMULATOR_PATH = /^\/emulator\/([0-9a-f-]{36})\/(\d{1,5})(\/.*)$/;

/**
 * Answers what the VM's service on that port would answer (Mesos master and agent, Marathon,
 * Chronos, Marathon-LB), as seen from inside its guest network: tools and tests read a cluster
 * here as they would read a real one. Like Mesos's and Marathon's own endpoints (unauthenticated
 * unless configured otherwise) there is no signature; the VM id, which only its owner and admins
 * can list, is the address. 404 when no modelled VM has that id; 502 when nothing listens.
 */
export function serveEmulatedEndpoint(sim: SimulatorRuntime, ctx: Context, match: RegExpExecArray): void {
  const vm = sim.state.virtualMachines.get(match[1]);
  const emulator = clusterEmulatorOf(sim);
  if (ctx.method !== 'GET' || !vm || !emulator || !emulator.isModelled(vm.id)) {
    ctx.status = ctx.method !== 'GET' ? 405 : 404;
    ctx.body = ctx.method !== 'GET' ? 'Method Not Allowed' : 'Not Found';
    return;
  }
  const nic = vm.nics[0];
  const reply = emulator.request(nic.networkId, `http://${nic.ipAddress}:${match[2]}${match[3]}`);
  if (reply.status === 0) {
    ctx.status = 502;
    ctx.body = `Connection refused: nothing listens on ${nic.ipAddress}:${match[2]}`;
    return;
  }
  ctx.status = reply.status;
  if (reply.location) ctx.set('Location', reply.location);
  if (reply.contentType) ctx.type = reply.contentType;
  ctx.body = reply.body;
}
