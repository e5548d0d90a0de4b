import type { Config } from './config';
import { ConfigError } from './config-error';

/**
 * `csf serve` and `csf worker` against a real management server need PUBLIC_URL: the VMs of a
 * stack call wait-condition signal URLs from inside the cloud, and the address a process listens
 * on (0.0.0.0, 127.0.0.1, a worker that listens on nothing) is not one they can reach. Without
 * it every wait condition would time out. The built-in simulator runs here, so there the
 * listening address is right.
 */
export function requirePublicUrl(config: Config): void {
  if (config.managementServer && config.publicUrl === undefined) {
    throw new ConfigError('PUBLIC_URL', 'is required when CLOUDSTACK_URL is set (the base URL VMs reach this service at, for wait-condition signals)');
  }
}
