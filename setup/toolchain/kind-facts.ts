import { readFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../lib/run.js";
import { goModulesDir, readGoMod, requiredVersion } from "./go-components.js";

export function kindVersion(): string {
  return requiredVersion(readGoMod("kind"), "sigs.k8s.io/kind");
}

/** loadBalancerImageOf reads the load-balancer image a kind release hard-codes from its source. */
export function loadBalancerImageOf(constGo: string): string {
  const match = /const Image = "([^"]+)"/.exec(constGo);
  if (!match) throw new Error("kind's loadbalancer/const.go no longer declares `const Image`");
  return match[1]!;
}

/** kindLoadBalancerImage finds the pinned kind module's source and reads its load-balancer image. */
export async function kindLoadBalancerImage(): Promise<string> {
  const phase = "setup: kind facts";
  const dir = (await run(["go", "list", "-m", "-f", "{{.Dir}}", "sigs.k8s.io/kind"], { phase, cwd: join(goModulesDir, "kind") })).trim();
  return loadBalancerImageOf(readFileSync(join(dir, "pkg", "cluster", "internal", "loadbalancer", "const.go"), "utf8"));
}
