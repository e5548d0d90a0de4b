import type Router from '@koa/router';
import type Koa from 'koa';
import type { CredentialDirectory } from '../auth/credential-directory';
import { ApiSpec } from '../../api-spec/types';
import { CommandDefinition } from '../api/command';
import { JobHandlerRegistry } from '../../jobs/job-handler';
import { ServiceContext } from './service-context';

/**
 * How a capability (the stack engine) plugs into the service: its command specs, their
 * handlers, and the job handlers its async commands name. Every process registers the same
 * extensions, so any worker can run any job.
 */
export interface ServiceExtension {
  specs: ApiSpec[];
  commands(context: ServiceContext): CommandDefinition[];
  registerJobHandlers(registry: JobHandlerRegistry, context: ServiceContext): void;
  /** Routes outside /client/api (e.g. the signal endpoint VMs call without credentials). */
  routes?(router: Router, context: ServiceContext): void;
  /** Other API surfaces on the same port (the AWS Query API), authenticating through the service's credential directory. */
  surfaces?(context: ServiceContext, auth: { directory: CredentialDirectory }): Koa.Middleware[];
  /** Called once the API listens, with the URL of its /client/api. */
  listening?(apiUrl: string): void;
}
