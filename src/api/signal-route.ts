import type Router from '@koa/router';
import type { Context } from 'koa';
import type { SignalBody, SignalService } from '../engine/signal-service';

const MAX_SIGNAL_BYTES = 64 * 1024;

/** The body as sent: curl from inside a VM may label JSON as a form, so the raw text is what counts. */
async function rawBody(ctx: Context): Promise<string> {
  const parsed = (ctx.request as { rawBody?: string }).rawBody;
  if (typeof parsed === 'string') return parsed;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_SIGNAL_BYTES) throw Object.assign(new Error('signal body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseSignal(text: string): SignalBody | string {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'the body must be a JSON object {"Status", "UniqueId", "Data", "Reason"}';
  }
  if (!body || typeof body !== 'object') return 'the body must be a JSON object';
  if (body.Status !== 'SUCCESS' && body.Status !== 'FAILURE') return 'Status must be SUCCESS or FAILURE';
  if (typeof body.UniqueId !== 'string' || body.UniqueId === '' || body.UniqueId.length > 255) return 'UniqueId must be a non-empty string of at most 255 characters';
  const text4k = (v: unknown) => (v === undefined || v === null ? '' : String(v)).slice(0, 4096);
  return { Status: body.Status, UniqueId: body.UniqueId, Data: text4k(body.Data), Reason: text4k(body.Reason) };
}

/**
 * The wait-condition signal endpoint. VMs call it without CloudStack credentials: the
 * unguessable token in the path is the credential, so an unknown token answers 404 and changes
 * nothing, and the token is never logged.
 */
export function signalRoutes(router: Router, signals: SignalService): void {
  const handle = async (ctx: Context & { params: { token: string } }) => {
    const signal = parseSignal(await rawBody(ctx));
    if (typeof signal === 'string') {
      ctx.status = 400;
      ctx.body = { error: signal };
      return;
    }
    if (!(await signals.accept(ctx.params.token, signal))) {
      ctx.status = 404;
      ctx.body = { error: 'no such wait condition handle' };
      return;
    }
    ctx.status = 200;
    ctx.body = { status: 'accepted' };
  };
  router.put('/signal/:token', handle);
  router.post('/signal/:token', handle);
}
