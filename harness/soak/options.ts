import { Command, CommanderError, InvalidArgumentError } from "@commander-js/extra-typings";
import { randomBytes } from "node:crypto";
import { DrillError } from "../errors.js";
import { wholeNumber } from "../cli/options.js";
import { INTERRUPT_WINDOW, MIN_RUNS } from "./plan.js";

/** What `npm run soak` was asked for, validated. */
export interface SoakOptions {
  runs: number;
  scenario: string;
  seed: number;
  /** Each run is killed, and counted as failed, when it runs longer than this. */
  runTimeoutSeconds: number;
}

export const SOAK_DEFAULTS = { runs: 20, scenario: "kill-control-plane-pods", runTimeoutSeconds: 900 } as const;
const MAX_RUNS = 200;
/** A run's limit must leave room for its latest interrupt and the clean-up after it. */
const MIN_RUN_TIMEOUT = INTERRUPT_WINDOW.latest + 60;

const seedNumber = (value: string): number => {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 0xffffffff) throw new InvalidArgumentError(`expected a whole number from 0 to ${0xffffffff}, got "${value}"`);
  return Number(value);
};

/**
 * parseSoakArgs reads the soak's flags. Any bad flag (unknown, malformed, out of range, or a
 * scenario kubedrill does not have) throws a DrillError of stage "input" with a one-line message;
 * --help prints the help and throws commander's error with exit code 0.
 */
export function parseSoakArgs(argv: readonly string[], scenarios: readonly string[]): SoakOptions {
  const program = new Command("soak")
    .description("run kubedrill many times, interrupting each run at a random moment, and count what the runs leave behind")
    .option("--runs <n>", `how many runs (at least ${MIN_RUNS})`, wholeNumber(MIN_RUNS, MAX_RUNS), SOAK_DEFAULTS.runs)
    .option("--scenario <name>", "the scenario every run drills", SOAK_DEFAULTS.scenario)
    .option("--seed <n>", "replays the soak with this seed (default: random, printed at the start)", seedNumber)
    .option("--run-timeout <seconds>", "kill a run that takes longer, counting it as failed", wholeNumber(MIN_RUN_TIMEOUT, 24 * 3600), SOAK_DEFAULTS.runTimeoutSeconds)
    .exitOverride()
    .configureOutput({ writeErr: () => {} }) // the caller prints the one line
    .allowExcessArguments(false);
  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) throw error; // --help
    const message = (error as Error).message.replace(/^error: /, "");
    throw new DrillError(`soak: ${message}`, { stage: "input" });
  }
  const flags = program.opts();
  if (!scenarios.includes(flags.scenario)) {
    throw new DrillError(`soak: unknown scenario "${flags.scenario}" (available: ${scenarios.join(", ")})`, { stage: "input" });
  }
  return { runs: flags.runs, scenario: flags.scenario, seed: flags.seed ?? randomBytes(4).readUInt32BE(), runTimeoutSeconds: flags.runTimeout };
}
