#!/usr/bin/env -S npx tsx
import { CommanderError } from "@commander-js/extra-typings";
import { buildProgram } from "../harness/cli/program.js";
import { isDrillError } from "../harness/errors.js";

/** Exit codes: 0 all drills passed, 1 a drill (or its report) failed, 2 bad input or setup. */
try {
  await buildProgram().parseAsync();
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (isDrillError(error)) {
    console.error(error.message);
    process.exitCode = error.stage === "input" || error.stage === "load" ? 2 : 1;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
}
