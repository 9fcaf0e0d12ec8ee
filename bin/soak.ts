#!/usr/bin/env -S npx tsx
import { CommanderError } from "@commander-js/extra-typings";
import { isDrillError } from "../harness/errors.js";
import { loadScenarios } from "../harness/scenario/registry.js";
import { parseSoakArgs } from "../harness/soak/options.js";
import { runSoak } from "../harness/soak/soak.js";

/** Exit codes: 0 no leaks and every run as expected, 1 a leak or a failed run, 2 bad flags or setup. */
try {
  const options = parseSoakArgs(process.argv.slice(2), (await loadScenarios()).names);
  process.exitCode = await runSoak(options);
} catch (error) {
  if (error instanceof CommanderError && error.exitCode === 0) {
    process.exitCode = 0;
  } else if (isDrillError(error)) {
    console.error(error.message);
    process.exitCode = error.stage === "input" || error.stage === "load" || error.stage === "infrastructure" ? 2 : 1;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
}
