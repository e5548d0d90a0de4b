import { DataSource } from 'typeorm';
import type { Logger } from '../logging/logger';
import type { ResourceRegistry } from '../resources/registry';
import type { OwnerClients } from './owner-clients';
import type { DeleteRetryPolicy } from './delete-retry';
import type { NetworkDeployLimits } from './network-deploy-limits';
import type { ConcurrencyLimits } from './semaphore';
import type { SignalService } from './signal-service';

/** What the engine needs from the process it runs in. */
export interface EngineDeps {
  dataSource: DataSource;
  resources: ResourceRegistry;
  ownerClients: OwnerClients;
  signals: SignalService;
  limits: ConcurrencyLimits;
  /** deployVirtualMachine jobs in flight at once per guest network (CSF_DEPLOYS_PER_NETWORK). */
  networkDeploys: NetworkDeployLimits;
  /** What AWS::Region means here: the management server's region name. */
  region: string;
  logger: Logger;
  /** How often a running operation looks for a cancel request or a passed deadline. */
  checkIntervalMs?: number;
  /** How a delete that CloudStack fails transiently is retried; DEFAULT_DELETE_RETRY when unset. */
  deleteRetry?: DeleteRetryPolicy;
}
