import { consoleExtension } from '../console/console-extension';
import { metricsExtension } from '../metrics/metrics-extension';
import { ServiceExtension } from './service-extension';
import { stacksExtension } from './stacks-extension';

/** The capabilities every process of the service registers: serve and worker alike. */
export function defaultExtensions(): ServiceExtension[] {
  return [stacksExtension(), metricsExtension(), consoleExtension()];
}
