import { DataSource } from 'typeorm';
import { JobHandlerRegistry, JobSystem } from '../../jobs';
import { CloudStackClient } from '../client';
import { Config, ManagementServerSettings } from '../config';
import type { Logger } from '../logging/logger';

/** What a running process has built, handed to extensions to build their services from. */
export interface ServiceContext {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  /** The management server, with the admin credentials from the configuration. */
  adminClient: CloudStackClient;
  /** Where the management server is and the admin credentials, for clients acting as other users. */
  managementServer: ManagementServerSettings;
  jobSystem: JobSystem;
  jobHandlers: JobHandlerRegistry;
}
