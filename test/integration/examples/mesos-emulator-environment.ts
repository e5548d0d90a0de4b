import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startTestService, type TestService } from '../../support/service';
import { SimulatorClients } from '../../support/stacks';
import { readExample } from './example-stacks';

/** The service on the simulator with its cluster emulator, and the shipped Mesos template, for one test file. */
export interface MesosEmulatorEnvironment {
  svc: TestService;
  clients: SimulatorClients;
  /** examples/mesos-cluster.yaml as shipped. */
  template: string;
}

/** Registers the file's set-up and tear-down; the returned object is filled in by beforeAll. */
export function useMesosEmulator(): MesosEmulatorEnvironment {
  const env = {} as MesosEmulatorEnvironment;
  beforeAll(async () => {
    env.svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
    env.clients = new SimulatorClients(env.svc);
    env.template = await readExample('mesos-cluster.yaml');
  }, 60_000);
  afterAll(async () => {
    env.clients?.close();
    await env.svc?.stop();
  });
  return env;
}

/**
 * The template with ReadyTimeout allowed down to 5 s (its MinValue is 60), so that a mis-wired
 * variant's wait condition times out within a test.
 */
export function withShortReadyTimeout(template: string): string {
  const text = template.replace(/(  ReadyTimeout:\n    Type: Number\n    Default: 1800\n    MinValue:) 60/, '$1 5');
  if (text === template) throw new Error('ReadyTimeout\'s declaration in the template changed: update withShortReadyTimeout');
  return text;
}

/** The stack parameters every emulator test starts from: a small isolated-network cluster of three masters. */
export function clusterParameters(cluster: string, agents: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ClusterName: cluster, MasterCount: '3', AgentCount: String(agents), Zone: 'zone-advanced', ZoneKind: 'isolated',
    MasterOffering: 'Small Instance', AgentOffering: 'Medium Instance', AdminCidr: '203.0.113.0/24', ...extra,
  };
}
