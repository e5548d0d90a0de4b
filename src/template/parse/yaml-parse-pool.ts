import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { TemplateValidationError } from '../template-validation-error';
import type { TemplateValue } from '../template-value';
import type { ParseAnswer } from './yaml-parse-thread';

/** Far above what the largest accepted template takes (0.3 s), so only a pathological one meets it. */
export const DEFAULT_PARSE_TIMEOUT_MS = 10_000;

interface Pending {
  body: string;
  resolve(value: TemplateValue): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * One worker thread, started on first use, that parses YAML templates off the event loop. Requests
 * queue in it one after another. A parse that outlasts its timeout ends the thread (the only way
 * to stop it) and fails with a template error; the next request starts a new thread.
 */
export class YamlParsePool {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly timeoutMs = DEFAULT_PARSE_TIMEOUT_MS) {}

  parse(body: string, timeoutMs = this.timeoutMs): Promise<TemplateValue> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<TemplateValue>((resolve, reject) => {
      const timer = setTimeout(() => this.timedOut(id, timeoutMs), timeoutMs);
      this.pending.set(id, { body, resolve, reject, timer });
      worker.postMessage({ id, body });
    });
  }

  /** Ends the thread; requests still waiting fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the template parser was closed'));
    await worker?.terminate();
  }

  private start(): Worker {
    // Under ts-node or ts-jest this module is TypeScript, and so is the thread's entry.
    const typescript = __filename.endsWith('.ts');
    const worker = new Worker(join(__dirname, `yaml-parse-thread.${typescript ? 'ts' : 'js'}`), typescript ? { execArgv: ['-r', 'ts-node/register/transpile-only'] } : {});
    worker.on('message', (answer: ParseAnswer) => this.answered(answer));
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the template parser stopped (exit code ${code})`)));
    // Idle, it must not keep a process (the CLI, a test) from exiting; a request's timer keeps it
    // alive while it waits. After the listeners: adding a 'message' listener refs the thread again.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private answered(answer: ParseAnswer): void {
    const pending = this.take(answer.id);
    if (!pending) return;
    if ('problems' in answer) pending.reject(new TemplateValidationError(answer.problems));
    else pending.resolve(answer.value as TemplateValue);
  }

  private timedOut(id: number, timeoutMs: number): void {
    const pending = this.take(id);
    if (!pending) return;
    pending.reject(TemplateValidationError.single('', `template could not be parsed within ${timeoutMs / 1000} s`));
    // The thread is still busy with it: it is ended, and what queued behind it goes to a new one.
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (this.pending.size === 0) return;
    const next = this.start();
    for (const [queued, { body }] of this.pending) next.postMessage({ id: queued, body });
  }

  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failAll(error);
  }

  private take(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    return pending;
  }

  private failAll(error: Error): void {
    for (const id of [...this.pending.keys()]) this.take(id)?.reject(error);
  }
}
