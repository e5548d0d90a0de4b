import type { CloudStackApi } from '../api.js';

/** What every page gets, and gives back: its element and how to stop its timers. */
export interface ViewContext {
  api: CloudStackApi;
  settings: ConsoleSettings;
  navigate(hash: string): void;
}

export interface ConsoleSettings {
  /** The CloudStack UI's base URL (http://mgmt:8080/client), for links to its pages. */
  cloudStackUiUrl: string | null;
}

export interface View {
  element: HTMLElement;
  dispose?(): void;
}

/** Runs `refresh` now and then every `intervalMs` while `keepGoing` says so; stops on dispose. */
export function poller(intervalMs: number, refresh: () => Promise<boolean>): { start(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const tick = async () => {
    let again = false;
    try {
      again = await refresh();
    } catch {
      again = true;
    }
    if (again && !stopped) timer = setTimeout(tick, intervalMs);
  };
  return {
    start() {
      stopped = false;
      clearTimeout(timer);
      void tick();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
