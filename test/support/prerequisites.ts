import { existsSync } from "node:fs";
import { preflight, type PreflightDeps } from "../../harness/preflight.js";
import { loadToolchain, toolchainPath } from "../../harness/toolchain.js";

const FIRST = "integration tests need `npm run setup` first";

/**
 * integrationProblem checks what the integration tests stand on: toolchain.json, a Docker
 * engine that answers and the workload image the test containers run. It returns one line
 * for the user, or undefined when all is there.
 */
export async function integrationProblem(env: NodeJS.ProcessEnv, deps: PreflightDeps): Promise<string | undefined> {
  const path = toolchainPath(env);
  if (!existsSync(path)) return `${FIRST}: ${path} is missing`;
  let workloadImage: string;
  try {
    workloadImage = env.KUBEDRILL_TEST_IMAGE ?? loadToolchain({ env }).workloadImage;
  } catch (error) {
    return `${FIRST}: ${(error as Error).message.split("\n")[0]}`;
  }
  // Only the workload image is needed, and only locally: the tests pull nothing.
  const problems = await preflight({ toolchain: { nodeImage: null, workloadImage, offline: true }, drills: [], keepClusters: false }, deps);
  return problems.length > 0 ? `${FIRST}: ${problems.join("; ")}` : undefined;
}
