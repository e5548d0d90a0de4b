import { startWorkerCluster, type WorkerCluster } from './process-cluster';
import { createStack, waitForJob } from './stack-api';

/**
 * A VM's or a group's crash-safety tag job runs while its deploys do and is waited for after
 * them. A tag job that fails first is a rejected promise nobody waits on yet: unless it is
 * handled at once, Node ends the worker process (an unhandled rejection), which Jest's own
 * process would not show. Here the workers are real processes.
 */

const TEMPLATE = `
Resources:
  Agents:
    Type: CloudStack::VirtualMachineGroup
    Properties:
      Zone: zone-advanced
      Template: Ubuntu 22.04
      ServiceOffering: Small Instance
      Count: 2
      NamePrefix: tagfail
  Single:
    Type: CloudStack::VirtualMachine
    Properties:
      Zone: zone-advanced
      Template: Ubuntu 22.04
      ServiceOffering: Small Instance
      Name: tagfail-single
`;

describe('a tag job that fails while deploys run, in a worker process', () => {
  let cluster: WorkerCluster;

  beforeAll(async () => {
    cluster = await startWorkerCluster({ jobLatencyMs: 100 });
    // Every tag job fails within a few milliseconds; every deploy takes at least a second.
    await cluster.adminOnSimulator.request('configureSimulator', {
      'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': 2000,
      'latency[1].command': 'createTags', 'latency[1].ms': 20,
      'failrate[0].command': 'createTags', 'failrate[0].ratio': 1,
    });
  }, 30_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('rolls the stack back and every worker lives on', async () => {
    const { apiUrl, alice, workers, aliceOnSimulator } = cluster;
    const { jobid } = await createStack(apiUrl, alice, 'tag-fails-in-process', TEMPLATE);
    const job = await waitForJob(apiUrl, alice, jobid, 45_000);
    expect(job.jobstatus).toBe(2);
    expect(workers.map((worker) => [worker.name, worker.hasExited]).sort()).toEqual([['worker-1', false], ['worker-2', false]]);
    expect(await aliceOnSimulator.listAll('listVirtualMachines', { keyword: 'tagfail' }, 'virtualmachine')).toEqual([]);
  }, 60_000);
});
