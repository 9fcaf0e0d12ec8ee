/**
 * Loaded by mocha (test/integration.mocharc.json) before any integration spec: without the
 * substrate `npm run setup` provides, say so in one line and stop, instead of failing deep inside.
 */
import Docker from "dockerode";
import { dockerPreflightDeps } from "../harness/preflight.js";
import { integrationProblem } from "./support/prerequisites.js";

const problem = await integrationProblem(process.env, dockerPreflightDeps(new Docker()));
if (problem) {
  console.error(problem);
  process.exit(1);
}
