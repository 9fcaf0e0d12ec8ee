import { InvalidArgumentError } from "@commander-js/extra-typings";
import { DEFAULT_TIMEOUTS, type DrillTimeouts } from "../drill/plan.js";
import type { Topology } from "../kind/layout.js";

/** What the user asked `kubedrill run` for, validated. */
export interface RunRequest {
  scenarios: string[];
  topology: Partial<Topology>;
  image?: string;
  keepCluster: boolean;
  breakOnly: boolean;
  keepOnFailure: boolean;
  dryRun: boolean;
  skipSteps: string[];
  failOnRegression: boolean;
  timeouts: DrillTimeouts;
}

/** The raw options commander hands over. */
export interface RunFlags {
  controlPlanes?: number;
  workers?: number;
  image?: string;
  keepCluster?: boolean;
  breakOnly?: boolean;
  keepOnFailure?: boolean;
  dryRun?: boolean;
  skipStep?: string[];
  failOnRegression?: boolean;
  createTimeout?: number;
  commandTimeout?: number;
  readyTimeout?: number;
  damageTimeout?: number;
  settleTimeout?: number;
}

/** wholeNumber parses a command-line count within bounds, with a message naming the bounds. */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

/** seconds parses a positive timeout in seconds. */
export const seconds = wholeNumber(1, 24 * 3600);

/** toRunRequest turns flags into a request; timeouts given in seconds become milliseconds. */
export function toRunRequest(scenarios: string[], flags: RunFlags): RunRequest {
  const ms = (value: number | undefined, fallback: number) => (value === undefined ? fallback : value * 1000);
  return {
    scenarios,
    topology: {
      ...(flags.controlPlanes === undefined ? {} : { controlPlanes: flags.controlPlanes }),
      ...(flags.workers === undefined ? {} : { workers: flags.workers }),
    },
    image: flags.image,
    keepCluster: flags.keepCluster ?? false,
    breakOnly: flags.breakOnly ?? false,
    keepOnFailure: flags.keepOnFailure ?? false,
    dryRun: flags.dryRun ?? false,
    skipSteps: flags.skipStep ?? [],
    failOnRegression: flags.failOnRegression ?? false,
    timeouts: {
      ...DEFAULT_TIMEOUTS,
      createMs: ms(flags.createTimeout, DEFAULT_TIMEOUTS.createMs),
      commandMs: ms(flags.commandTimeout, DEFAULT_TIMEOUTS.commandMs),
      readyMs: ms(flags.readyTimeout, DEFAULT_TIMEOUTS.readyMs),
      damageMs: ms(flags.damageTimeout, DEFAULT_TIMEOUTS.damageMs),
      settleMs: ms(flags.settleTimeout, DEFAULT_TIMEOUTS.settleMs),
    },
  };
}

/** collect makes a repeatable option gather its values in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
