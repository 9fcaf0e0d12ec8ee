/** The signals that mean "stop": Ctrl-C, a polite kill, a closed terminal. They behave alike. */
export const INTERRUPT_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** The shell's convention for a process ended by a signal: 128 + its number. */
export const EXIT_CODES: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Interrupt is the abort reason: which signal stopped the drill. */
export class Interrupt extends Error {
  constructor(readonly signalName: InterruptSignal) {
    super(signalName);
    this.name = "Interrupt";
  }
}

/** What watchInterrupts needs of the process; injected so tests can send signals. */
export interface SignalSource {
  on(signal: InterruptSignal, listener: (signal: InterruptSignal) => void): unknown;
  off(signal: InterruptSignal, listener: (signal: InterruptSignal) => void): unknown;
}

export interface InterruptWatchOptions {
  source?: SignalSource;
  exit?: (code: number) => void;
  log?: (line: string) => void;
}

export interface InterruptWatch {
  /** Aborts on the first signal, with an Interrupt as its reason; hand it to the work to stop. */
  readonly signal: AbortSignal;
  /** Stops watching: signals get their default behaviour back. */
  dispose(): void;
  [Symbol.dispose](): void;
}

/**
 * watchInterrupts turns the first SIGINT, SIGTERM or SIGHUP into an abort of its signal, so the
 * drill stops what it is doing and its cleanup runs (the caller awaits it); a second signal
 * exits at once with the conventional code, for when cleanup itself hangs.
 */
export function watchInterrupts(options: InterruptWatchOptions = {}): InterruptWatch {
  const { source = process, exit = (code: number) => process.exit(code), log = (line: string) => console.error(line) } = options;
  const controller = new AbortController();
  const handler = (signal: InterruptSignal) => {
    if (!controller.signal.aborted) {
      log(`\n${signal}: stopping and cleaning up; send ${signal === "SIGINT" ? "Ctrl-C" : signal} again to exit at once`);
      controller.abort(new Interrupt(signal));
      return;
    }
    log(`${signal} again: exiting without cleaning up`);
    exit(EXIT_CODES[signal]);
  };
  for (const signal of INTERRUPT_SIGNALS) source.on(signal, handler);
  const dispose = () => {
    for (const signal of INTERRUPT_SIGNALS) source.off(signal, handler);
  };
  return { signal: controller.signal, dispose, [Symbol.dispose]: dispose };
}
