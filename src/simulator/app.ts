import Koa from 'koa';
import { collectParams, paramError, renderError, responseFormatOf } from '../cloudstack-api';
import { EMULATOR_PATH, serveEmulatedEndpoint } from './cluster/http';
import { dispatch } from './dispatch';
import { BodyTooLargeError, readFormBody } from './http-body';
import type { SimulatorRuntime } from './runtime';
import { login, logout, verifySession, type RequestCookies } from './session-commands';

/** The Cookie header read as the servlet container does: name=value pairs, the first of a name wins. */
function requestCookies(header: string): RequestCookies {
  const values = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && !values.has(name)) values.set(name, part.slice(eq + 1).trim());
  }
  return { get: (name) => values.get(name), names: () => [...values.keys()] };
}

export const API_PATH = '/client/api';

/**
 * The Koa app: GET and POST on /client/api, parameters from the query string and the form body.
 * Injected 5xx answers come before any processing, like a proxy in front of a busy server, so
 * they never leave half-done work behind.
 */
export function createSimulatorApp(sim: SimulatorRuntime): Koa {
  const app = new Koa();
  app.use(async (ctx) => {
    const emulated = EMULATOR_PATH.exec(ctx.path);
    if (emulated) {
      serveEmulatedEndpoint(sim, ctx, emulated);
      return;
    }
    if (ctx.path !== API_PATH) {
      ctx.status = 404;
      ctx.body = 'Not Found';
      return;
    }
    if (ctx.method !== 'GET' && ctx.method !== 'POST') {
      ctx.status = 405;
      ctx.set('Allow', 'GET, POST');
      return;
    }
    if (sim.knobs.httpErrorRate > 0 && sim.state.rng.next() < sim.knobs.httpErrorRate) {
      sim.statistics.injectedHttpErrors += 1;
      ctx.status = 503;
      ctx.type = 'text/html';
      ctx.body = '<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>';
      return;
    }
    let body: Record<string, string> = {};
    try {
      body = ctx.method === 'POST' ? await readFormBody(ctx.req) : {};
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      const query = collectParams(ctx.query);
      const rendered = renderError(query.command, paramError(`Form too large: ${err.message}`), responseFormatOf(query));
      ctx.status = rendered.status;
      ctx.type = rendered.contentType;
      ctx.body = rendered.body;
      return;
    }
    const params = collectParams(ctx.query, body);
    const cookies = requestCookies(ctx.get('cookie'));
    // login and logout are answered by their authenticators before any session or signature check, as in ApiServlet.
    if (params.command === 'login' || params.command === 'logout') {
      const answer = params.command === 'login' ? login(sim, params, ctx.method, cookies) : logout(sim, params, cookies);
      for (const cookie of answer.setCookies) ctx.append('Set-Cookie', cookie);
      ctx.status = answer.rendered.status;
      ctx.type = answer.rendered.contentType;
      ctx.body = answer.rendered.body;
      return;
    }
    const session = verifySession(sim, params, cookies);
    const rendered = await dispatch(sim, { params, method: ctx.method === 'POST' ? 'POST' : 'GET', session });
    ctx.status = rendered.status;
    ctx.type = rendered.contentType;
    ctx.body = rendered.body;
  });
  return app;
}
