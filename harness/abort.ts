import { DrillError, type Stage } from "./errors.js";

/**
 * untilAborted settles as promise does, or rejects with the signal's reason as soon as the
 * signal aborts, whether or not the work behind promise listens to it.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined); // it may still fail later; nobody is waiting for it
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** abortReason is why a signal aborted, in a word or a line ("SIGINT"). */
export function abortReason(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? "aborted");
}

/** interrupted is the error for work cut short by an interrupt (Ctrl-C, SIGTERM) rather than a failure. */
export function interrupted(what: string, stage: Stage, signal: AbortSignal): DrillError {
  return new DrillError(`${what}: interrupted (${abortReason(signal)})`, { stage, cause: signal.reason });
}
