import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { apiMetricsMiddleware } from '../metrics/api-metrics';
import { httpErrors, logRequestError } from './http-errors';
import { checkReadiness, ReadinessCheck } from './readiness';
import { createDispatcher, DispatcherDeps } from './dispatcher';

/**
 * The body types read as text: forms only, as the management server reads parameters from a form
 * body and from nothing else. The body parser merges this list into its own by position, so it
 * takes text/plain's place: a text/plain body is left unread (a test holds it to that).
 */
const FORM_ONLY = ['application/x-www-form-urlencoded'];

export interface AppDeps extends DispatcherDeps {
  readiness: ReadinessCheck[];
  /** Adds routes beside the API endpoint. */
  extraRoutes?: (router: Router) => void;
  /** Other API surfaces (the AWS Query API), each answering the requests it recognises and passing the rest on. */
  surfaces?: Koa.Middleware[];
}

export const API_PATH = '/client/api';

/** The service's HTTP face: CloudStack's API endpoint and the two health probes. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  const router = new Router();
  const dispatch = createDispatcher(deps);
  router.get(API_PATH, dispatch);
  router.post(API_PATH, dispatch);
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const report = await checkReadiness(deps.readiness);
    ctx.status = report.ready ? 200 : 503;
    ctx.body = report;
  });
  deps.extraRoutes?.(router);
  // A listener replaces Koa's default, which prints raw stack traces on stderr.
  app.on('error', (error: unknown) => logRequestError(deps.logger, error, {}));
  // Outermost, so that the status counted is the one sent, after error mapping.
  app.use(apiMetricsMiddleware(API_PATH, () => deps.specs.all().map((spec) => spec.name)));
  app.use(httpErrors(deps.logger));
  // CloudStack clients post forms; the body size bound keeps a hostile request from exhausting memory.
  // Read as text: every reader takes `rawBody` (the dispatcher, the AWS surface, the pass-through),
  // so parsing the form into an object too was work nobody used on every request.
  app.use(bodyParser({ enableTypes: ['text'], extendTypes: { text: FORM_ONLY }, textLimit: '2mb' }));
  for (const surface of deps.surfaces ?? []) app.use(surface);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
