import type Router from '@koa/router';
import type { Context } from 'koa';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceExtension } from '../runtime/service-extension';
import { loadExamples } from './examples';
import { packageRoot } from './package-root';
import { loadStaticAssets } from './static-assets';

export const CONSOLE_PATH = '/console';

export interface ConsoleOptions {
  /** The built console (scripts/build-console.js); default dist/console of the package. */
  assetsDir?: string;
  /** Templates offered as examples; default the package's examples/. */
  examplesDir?: string;
}

/**
 * The browser's sources stay on the browser's side: the page signs every /client/api request
 * with the user's keys, so nothing the console serves needs authentication, and only files of
 * the build and the public examples are served. `script-src 'self'` keeps anything injected
 * into a page (a stack output, an event reason) from running; frames are allowed so that
 * CloudStack's UI can show the console as a plugin.
 */
const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function consoleRoutes(router: Router, options: ConsoleOptions & { cloudStackUiUrl?: string }): void {
  const root = packageRoot();
  const assetsDir = options.assetsDir ?? join(root, 'dist', 'console');
  if (!existsSync(join(assetsDir, 'index.html'))) {
    // The API must not go down for a missing front end; the console says what is wrong instead.
    router.get([CONSOLE_PATH, `${CONSOLE_PATH}/*path`], (ctx) => {
      ctx.status = 503;
      ctx.type = 'text/plain';
      ctx.body = 'The web console is not built: run npm run build\n';
    });
    return;
  }
  const assets = loadStaticAssets(assetsDir);
  const examples = loadExamples(options.examplesDir ?? join(root, 'examples'));
  const settings = JSON.stringify({ cloudStackUiUrl: options.cloudStackUiUrl ?? null });

  const serve = (ctx: Context, path: string) => {
    const asset = assets.get(path);
    if (!asset) return;
    ctx.set(SECURITY_HEADERS);
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = asset.contentType;
    ctx.body = asset.body;
  };
  // Relative URLs in the page (modules, /client/api as ../client/api) need the trailing slash.
  // The router matches /console and /console/ alike; only the first is redirected.
  router.get(CONSOLE_PATH, (ctx) => (ctx.path === CONSOLE_PATH ? ctx.redirect(`${CONSOLE_PATH}/`) : serve(ctx, 'index.html')));
  router.get(`${CONSOLE_PATH}/settings.json`, (ctx) => {
    ctx.set(SECURITY_HEADERS);
    ctx.type = 'application/json';
    ctx.body = settings;
  });
  router.get(`${CONSOLE_PATH}/examples.json`, (ctx) => {
    ctx.set(SECURITY_HEADERS);
    ctx.body = examples;
  });
  router.get(`${CONSOLE_PATH}/*path`, (ctx) => serve(ctx, String(ctx.params.path)));
}

/** The web console at /console, beside the API it calls. */
export function consoleExtension(options: ConsoleOptions = {}): ServiceExtension {
  return {
    specs: [],
    commands: () => [],
    registerJobHandlers: () => undefined,
    routes: (router, context) => consoleRoutes(router, { ...options, cloudStackUiUrl: context.config.cloudStackUiUrl }),
  };
}
