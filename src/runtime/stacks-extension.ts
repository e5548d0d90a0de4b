import { STACK_API_SPECS } from '../../api-spec/stacks';
import { stackCommands } from '../api/commands/stacks/stack-commands';
import { validateTemplateCommand } from '../api/commands/stacks/validate-template-command';
import { signalRoutes } from '../api/signal-route';
import { DEFAULT_POLL, DEFAULT_RETRY, PollPolicy, RetryPolicy } from '../client';
import type { EngineDeps } from '../engine/engine-deps';
import { OwnerClients } from '../engine/owner-clients';
import { ConcurrencyLimits } from '../engine/semaphore';
import { NetworkDeployLimits } from '../engine/network-deploy-limits';
import { SignalService } from '../engine/signal-service';
import { runStackOperation } from '../engine/stack-operation';
import { STACK_JOB_HANDLER, StackService } from '../engine/stack-service';
import { ChangeSetService } from '../engine/change-sets/change-set-service';
import { CHANGE_SET_JOB_HANDLER, computeChangeSet } from '../engine/change-sets/compute-change-set';
import { changeSetCommands } from '../api/commands/stacks/change-set-commands';
import { TemplateUrlAllowList } from '../engine/template-url/allow-list';
import { instrumentStackOperations } from '../metrics/stack-operation-metrics';
import { ResourceRegistry } from '../resources/registry';
import { ServiceContext } from './service-context';
import { ServiceExtension } from './service-extension';
import type { DeleteRetryPolicy } from '../engine/delete-retry';
import { awsQuerySurface } from '../api/aws/query-surface';
import { SigV4Verifier } from '../api/aws/sigv4-verifier';
import { API_PATH } from '../api/app';
import { ClientRequests } from '../engine/client-requests';
import { ResourceSignals } from '../engine/resource-signal';

export interface StacksOptions {
  /** Resource operations running at once, overall and per account. */
  overallConcurrency?: number;
  accountConcurrency?: number;
  /** How often a running operation checks for cancel requests and deadlines. */
  checkIntervalMs?: number;
  /** How deletes that CloudStack fails transiently are retried (tests shorten the back-off). */
  deleteRetry?: DeleteRetryPolicy;
}

/**
 * The engine polls more often than the client's default: one batched listAsyncJobs per tick
 * covers every outstanding job of a credential, so ticks of at most CSF_JOB_POLL_MS (0.1 s by
 * default) cost a few calls per stack (the benchmark counts them) while a finished job is noticed
 * within that ceiling instead of the seconds a growing back-off would add to every step of the
 * critical path. The poller only ticks while jobs are outstanding; waiting for signals costs no calls.
 */
function enginePoll(ceilingMs: number): PollPolicy {
  return { ...DEFAULT_POLL, minIntervalMs: Math.round(ceilingMs * 0.75), maxIntervalMs: ceilingMs };
}

/**
 * Stack operations run for minutes and must ride out a flaky management server: more retries
 * than the client's default before a transient failure (429, 5xx, network) fails a resource.
 */
const ENGINE_RETRY: RetryPolicy = { ...DEFAULT_RETRY, attempts: 8 };

interface Built {
  engine: EngineDeps;
  service: StackService;
  changeSets: ChangeSetService;
}

/** The stack engine as a service extension: its commands, its job handler and the signal endpoint. */
export function stacksExtension(options: StacksOptions = {}): ServiceExtension {
  const resources = new ResourceRegistry();
  // Where the API listens, known once it does; signal URLs use PUBLIC_URL instead when it is set.
  let listeningBase = 'http://127.0.0.1:8080';
  const built = new WeakMap<ServiceContext, Built>();
  const build = (context: ServiceContext): Built => {
    let b = built.get(context);
    if (!b) {
      const signals = new SignalService(context.dataSource, () => context.config.publicUrl ?? listeningBase);
      const concurrency = context.config.engineConcurrency;
      const engine: EngineDeps = {
        dataSource: context.dataSource,
        resources,
        ownerClients: new OwnerClients(context.adminClient, context.managementServer.url, { poll: enginePoll(concurrency.jobPollMs), retry: ENGINE_RETRY, maxConcurrent: concurrency.requestsPerCredential }),
        signals,
        limits: new ConcurrencyLimits(options.overallConcurrency ?? concurrency.overall, options.accountConcurrency ?? concurrency.perAccount),
        networkDeploys: new NetworkDeployLimits(concurrency.deploysPerNetwork),
        region: context.config.region,
        logger: context.logger.child({ component: 'engine' }),
        checkIntervalMs: options.checkIntervalMs,
        deleteRetry: options.deleteRetry,
      };
      const service = new StackService(context.dataSource, context.jobSystem.jobs, resources);
      b = { engine, service, changeSets: new ChangeSetService(context.dataSource, context.jobSystem.jobs, resources, service) };
      built.set(context, b);
    }
    return b;
  };
  return {
    specs: STACK_API_SPECS,
    commands: (context) => {
      const templateUrls = new TemplateUrlAllowList(context.config.templateUrlAllow);
      return [
        ...stackCommands(build(context).service, resources, templateUrls),
        ...changeSetCommands(build(context).changeSets, templateUrls),
        validateTemplateCommand(resources, templateUrls),
      ];
    },
    registerJobHandlers(registry, context) {
      registry.register(
        STACK_JOB_HANDLER,
        instrumentStackOperations(context.dataSource, (job, jobContext) => runStackOperation(build(context).engine, String(job.payload.stackId), jobContext.leaseLost)),
      );
      registry.register(CHANGE_SET_JOB_HANDLER, (job) => computeChangeSet(build(context).engine, String(job.payload.changeSetId)));
    },
    routes: (router, context) => signalRoutes(router, build(context).engine.signals),
    // The AWS CloudFormation Query API over the same services, ownership and events.
    surfaces: (context, { directory }) => {
      const { service, changeSets, engine } = build(context);
      const logger = context.logger.child({ component: 'aws-api' });
      return [awsQuerySurface({
        verifier: new SigV4Verifier(directory, logger),
        services: {
          stacks: service, changeSets, clientRequests: new ClientRequests(context.dataSource), resourceTypes: resources,
          templateUrls: new TemplateUrlAllowList(context.config.templateUrlAllow), resourceSignals: new ResourceSignals(context.dataSource, engine.signals),
        },
        logger,
        cloudStackPath: API_PATH,
      })];
    },
    listening: (url) => {
      listeningBase = url.replace(/\/client\/api$/, '');
    },
  };
}
