import type { ServiceExtension } from '../runtime/service-extension';
import { metricsRoute } from './metrics-route';
import { stackStateRegistry } from './stack-state-gauges';

/** GET /metrics beside the API (see metrics-route.ts for who may read it). */
export function metricsExtension(): ServiceExtension {
  return {
    specs: [],
    commands: () => [],
    registerJobHandlers: () => undefined,
    routes: (router, context) => metricsRoute(router, stackStateRegistry(context.dataSource, context.jobSystem.queue), context.config.metricsToken),
  };
}
