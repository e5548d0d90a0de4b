import { DataSource } from 'typeorm';
import { JobHandlerRegistry, JobSystem } from '../../jobs';
import { CloudStackClient } from '../client';
import { Config } from '../config';
import type { Logger } from '../logging/logger';

/** What a running process has built, handed to extensions to build their services from. */
export interface ServiceContext {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  /** The management server, with the admin credentials from the configuration. */
  adminClient: CloudStackClient;
  jobSystem: JobSystem;
  jobHandlers: JobHandlerRegistry;
}
