import { ReadinessTracker, type InitialState } from '../../../src/engine/readiness-tracker';
import { runScheduler } from '../../../src/engine/scheduler';
import { DependencyGraph } from '../../../src/template';

// Net <- Db <- Web, Sg <- Web (DependsOn), Optional alone; template order Net, Sg, Db, Web, Optional.
const graph = new DependencyGraph(new Map([
  ['Net', []],
  ['Sg', []],
  ['Db', ['Net']],
  ['Web', ['Sg', 'Net', 'Db']],
  ['Optional', []],
]));

function creation(initially: Record<string, InitialState> = {}): ReadinessTracker {
  return new ReadinessTracker(graph.topologicalOrder(), (id) => graph.dependenciesOf(id), (id) => initially[id] ?? 'pending');
}

describe('ReadinessTracker', () => {
  it('hands out each task once, in the given order, when its last prerequisite is done', () => {
    const tracker = creation();
    expect(tracker.takeReady()).toEqual(['Net', 'Sg', 'Optional']);
    expect(tracker.takeReady()).toEqual([]);
    tracker.succeeded('Sg');
    expect(tracker.takeReady()).toEqual([]);
    tracker.succeeded('Net');
    expect(tracker.takeReady()).toEqual(['Db']);
    tracker.succeeded('Optional');
    tracker.succeeded('Db');
    expect(tracker.finished).toBe(false);
    expect(tracker.takeReady()).toEqual(['Web']);
    tracker.succeeded('Web');
    expect(tracker.finished).toBe(true);
    expect(tracker.failedTasks).toEqual([]);
  });

  it('returns tasks that became ready together in the given order, not the order they became ready in', () => {
    const tracker = new ReadinessTracker(['A', 'B', 'C', 'D'], (id) => ({ B: ['D'], C: ['A'] } as Record<string, string[]>)[id] ?? [], () => 'pending');
    expect(tracker.takeReady()).toEqual(['A', 'D']);
    tracker.succeeded('A');
    tracker.succeeded('D');
    expect(tracker.takeReady()).toEqual(['B', 'C']);
  });

  it('never readies a task whose prerequisite failed, and is then never finished', () => {
    const tracker = creation();
    tracker.takeReady();
    tracker.failed('Net');
    tracker.succeeded('Sg');
    tracker.succeeded('Optional');
    expect(tracker.takeReady()).toEqual([]);
    expect(tracker.failedTasks).toEqual(['Net']);
    expect(tracker.finished).toBe(false);
  });

  it('counts tasks already done at the start as done, and one already failed as failed', () => {
    const resumed = creation({ Net: 'done', Sg: 'done', Db: 'done' });
    expect(resumed.takeReady()).toEqual(['Web', 'Optional']);
    resumed.succeeded('Web');
    resumed.succeeded('Optional');
    expect(resumed.finished).toBe(true);

    const allDone = creation({ Net: 'done', Sg: 'done', Db: 'done', Web: 'done', Optional: 'done' });
    expect(allDone.takeReady()).toEqual([]);
    expect(allDone.finished).toBe(true);

    const failedBefore = creation({ Net: 'done', Sg: 'failed', Db: 'done', Optional: 'done' });
    expect(failedBefore.takeReady()).toEqual([]);
    expect(failedBefore.failedTasks).toEqual(['Sg']);
    expect(failedBefore.finished).toBe(false);
  });

  it('orders deletion by dependents: a task goes once everything depending on it is gone', () => {
    const tracker = new ReadinessTracker(graph.reverseOrder(), (id) => graph.dependentsOf(id), (id) => (id === 'Optional' ? 'done' : 'pending'));
    expect(tracker.takeReady()).toEqual(['Web']);
    tracker.succeeded('Web');
    expect(tracker.takeReady()).toEqual(['Db', 'Sg']);
    tracker.failed('Db');
    tracker.succeeded('Sg');
    expect(tracker.takeReady()).toEqual([]);
    expect(tracker.finished).toBe(false);
  });

  it('refuses an ending for a task it did not hand out, naming it', () => {
    const tracker = creation();
    expect(() => tracker.succeeded('Web')).toThrow('Task Web cannot be done: it is waiting, not started');
    expect(() => tracker.failed('Nope')).toThrow('Task Nope cannot be failed: it is not a task of this run, not started');
  });
});

/** A task the test ends by hand. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** runScheduler over a tracker, as the create phase drives it: tasks end when the test says. */
function driven(outcomes: Map<string, ReturnType<typeof deferred>>, ticks: { count: number; release?: () => void }) {
  const tracker = creation();
  const started: string[] = [];
  const run = runScheduler({
    ready: () => tracker.takeReady(),
    start: async (id) => {
      started.push(id);
      const outcome = deferred();
      outcomes.set(id, outcome);
      try {
        await outcome.promise;
        tracker.succeeded(id);
      } catch {
        tracker.failed(id);
      }
    },
    halted: () => tracker.failedTasks.length > 0,
    finished: () => tracker.finished,
    tick: () => {
      ticks.count += 1;
      return new Promise<void>((resolve) => { ticks.release = resolve; });
    },
  });
  return { tracker, started, run };
}

describe('runScheduler with a ReadinessTracker', () => {
  it('starts each task the moment its dependencies are done and ends when all are', async () => {
    const outcomes = new Map<string, ReturnType<typeof deferred>>();
    const ticks = { count: 0 } as { count: number; release?: () => void };
    const { started, run } = driven(outcomes, ticks);
    await flush();
    expect(started).toEqual(['Net', 'Sg', 'Optional']);
    outcomes.get('Net')!.resolve();
    await flush();
    expect(started).toEqual(['Net', 'Sg', 'Optional', 'Db']);
    outcomes.get('Db')!.resolve();
    outcomes.get('Sg')!.resolve();
    await flush();
    expect(started).toEqual(['Net', 'Sg', 'Optional', 'Db', 'Web']);
    outcomes.get('Web')!.resolve();
    outcomes.get('Optional')!.resolve();
    await run;
    // Five endings, one tick: a wait that an ending cut short does not start another tick.
    expect(ticks.count).toBe(1);
  });

  it('starts nothing after a failure and waits for the tasks in flight', async () => {
    const outcomes = new Map<string, ReturnType<typeof deferred>>();
    const ticks = { count: 0 } as { count: number; release?: () => void };
    const { started, tracker, run } = driven(outcomes, ticks);
    await flush();
    outcomes.get('Sg')!.reject(new Error('refused'));
    outcomes.get('Net')!.resolve();
    await flush();
    expect(started).toEqual(['Net', 'Sg', 'Optional']);
    let over = false;
    void run.then(() => { over = true; });
    ticks.release!();
    await flush();
    expect(over).toBe(false);
    outcomes.get('Optional')!.resolve();
    await run;
    expect(started).toEqual(['Net', 'Sg', 'Optional']);
    expect(tracker.failedTasks).toEqual(['Sg']);
    expect(ticks.count).toBe(2);
  });

  it('starts the dependents of a task that recorded its outcome while it finishes its own work, and ends after both', async () => {
    const tracker = creation();
    const started: string[] = [];
    const trailing = deferred();
    const others = deferred();
    let trailingDone = false;
    let over = false;
    const run = runScheduler({
      ready: () => tracker.takeReady(),
      start: async (id, recorded) => {
        started.push(id);
        if (id !== 'Net') {
          // No other task ends meanwhile: only Net's recorded() can wake the loop.
          await others.promise;
          tracker.succeeded(id);
          return;
        }
        tracker.succeeded(id);
        recorded();
        await trailing.promise;
        trailingDone = true;
      },
      halted: () => false,
      finished: () => tracker.finished && trailingDone,
      tick: () => new Promise<void>(() => undefined),
    }).then(() => { over = true; });
    await flush();
    // Db needs only Net: it starts while Net's own work is still in flight.
    expect(started).toEqual(['Net', 'Sg', 'Optional', 'Db']);
    others.resolve();
    await flush();
    expect(started).toEqual(['Net', 'Sg', 'Optional', 'Db', 'Web']);
    expect(over).toBe(false);
    trailing.resolve();
    await run;
    expect(over).toBe(true);
  });

  it('fails with the error of a task that throws', async () => {
    const tracker = new ReadinessTracker(['A'], () => [], () => 'pending');
    await expect(runScheduler({
      ready: () => tracker.takeReady(),
      start: async () => { throw new Error('recorder down'); },
      halted: () => false,
      finished: () => false,
      tick: () => new Promise<void>(() => undefined),
    })).rejects.toThrow('recorder down');
  });
});
