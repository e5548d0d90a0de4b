import type { RenderedResponse } from '../../cloudstack-api';

/**
 * The management server's answer, to be given to the client exactly as it came: a handler of one
 * of the service's commands returns it when the answer is not the service's to make (another
 * system's async job, another command's listApis entry).
 */
export class ForwardedAnswer {
  constructor(readonly rendered: RenderedResponse) {}
}

/** The management server refused a request the service made as the caller: the refusal reaches the client as it is. */
export class ForwardedRefusal extends Error {
  constructor(readonly answer: ForwardedAnswer) {
    super(`the management server answered HTTP ${answer.rendered.status}`);
    this.name = 'ForwardedRefusal';
  }
}

/** The response to send when a handler's result or error is the management server's own answer. */
export function forwardedResponseOf(value: unknown): RenderedResponse | undefined {
  if (value instanceof ForwardedAnswer) return value.rendered;
  if (value instanceof ForwardedRefusal) return value.answer.rendered;
  return undefined;
}
