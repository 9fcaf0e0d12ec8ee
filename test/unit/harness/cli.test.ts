import { expect } from "chai";
import { execa } from "execa";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { renderDryRun } from "../../../harness/cli/dry-run.js";
import { toRunRequest, wholeNumber } from "../../../harness/cli/options.js";
import { projectRoot } from "../../../harness/paths.js";
import { RunState } from "../../../harness/run-state.js";
import { loadScenarios } from "../../../harness/scenario/registry.js";
import { useTempDir } from "../../support/temp-dir.js";
import { planDrills } from "../../../harness/drill/drills.js";
import type { Scenario } from "../../../harness/scenario/define.js";
import type { RunRequest } from "../../../harness/cli/options.js";

const drillsOf = (scenarios: readonly Scenario[], request: RunRequest) => planDrills(scenarios, { topology: request.topology, skipSteps: [], named: false }, () => undefined);

/** Runs the real CLI with a private cache, no toolchain and no kind on PATH. */
function kubedrill(cache: string, ...args: string[]) {
  return execa(process.execPath, ["--import", "tsx", join(projectRoot, "bin", "kubedrill.ts"), ...args], {
    cwd: projectRoot,
    env: { KUBEDRILL_CACHE: cache, PATH: "/usr/bin:/bin" },
    extendEnv: false,
    reject: false,
  });
}

describe("command line", () => {
  const tmp = useTempDir("cli");

  it("prints every node, command and touched file of a drill, exactly as the plan runs them", async () => {
    const scenarios = (await loadScenarios()).all;
    const state = RunState.preview(tmp.path, "r0");
    const request = toRunRequest([], {});
    const drills = drillsOf(scenarios, request);
    const text = renderDryRun({ scenarios, drills, state, request });
    for (const drill of drills) {
      const scenario = scenarios.find((s) => s.name === drill.scenario)!;
      const layout = state.layoutFor(drill.key, drill.topology);
      const ops = [...scenario.breakage(layout), ...scenario.recovery(layout).flatMap((s) => s.plan(layout))];
      for (const op of ops) expect(text).to.include(`    ${op.command}\n`);
      for (const node of layout.nodes) expect(text).to.include(node);
    }
    expect(text).to.match(/kind create cluster --name kubedrill-r0-\d+-wipe-etc-kubernetes --config/);
    expect(text).to.include("<workload image from toolchain.json>");
    expect(text).to.match(/kubedrill-r0-\d+-wipe-etc-kubernetes-worker2: \/etc\/kubernetes\/pki\/ca.crt, \/etc\/kubernetes\/kubelet.conf, \/var\/lib\/kubelet\/pki/);
  });

  it("applies topology overrides in the dry run", async () => {
    const scenarios = (await loadScenarios()).select(["kill-control-plane-pods"]);
    const request = toRunRequest([], { controlPlanes: 3, workers: 1 });
    const text = renderDryRun({ scenarios, drills: drillsOf(scenarios, request), state: RunState.preview(tmp.path, "r0"), request });
    expect(text).to.include("(3 control planes, 1 worker)");
    expect(text).to.match(/kubedrill-r0-1-kill-control-plane-po-control-plane3 bash -c 'set -euo pipefail/);
  });

  it("--dry-run touches nothing, even before setup", async () => {
    const result = await kubedrill(tmp.path, "--dry-run", "delete-sa-key");
    expect(result.exitCode, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/^Dry run: nothing is created or touched/);
    expect(result.stdout).to.include("rm -f /etc/kubernetes/pki/sa.key /etc/kubernetes/pki/sa.pub");
    expect(readdirSync(tmp.path)).to.deep.equal([]);
  });

  it("rejects bad input with a clear message and exit code 2, before creating anything", async () => {
    const badCount = await kubedrill(tmp.path, "--workers", "99");
    expect(badCount.exitCode).to.equal(2);
    expect(badCount.stderr).to.include("option '--workers <n>' argument '99' is invalid. expected a whole number from 0 to 10");
    const unknown = await kubedrill(tmp.path, "no-such-drill");
    expect(unknown.exitCode).to.equal(2);
    expect(unknown.stderr).to.match(/unknown scenario: no-such-drill[\s\S]*available: delete-sa-key, .*kill-control-plane-pods, wipe-etc-kubernetes/);
    const noToolchain = await kubedrill(tmp.path, "kill-control-plane-pods");
    expect(noToolchain.exitCode).to.equal(2);
    expect(noToolchain.stderr).to.include("npm run setup");
    expect(readdirSync(tmp.path)).to.deep.equal([]);
  });

  it("lists the scenarios", async () => {
    const result = await kubedrill(tmp.path, "list");
    expect(result.exitCode).to.equal(0);
    expect(result.stdout).to.match(/^delete-sa-key\n {2}breaks:/);
    expect(result.stdout).to.include("  drill delete-sa-key  (1 control plane, 2 workers)");
    expect(result.stdout).to.include("recovery: wait-control-plane-containers → wait-api-server");
  });

  it("parses counts and timeouts", () => {
    expect(wholeNumber(0, 10)("3")).to.equal(3);
    expect(() => wholeNumber(1, 5)("0")).to.throw(/from 1 to 5, got "0"/);
    expect(() => wholeNumber(1, 5)("2.5")).to.throw(/whole number/);
    const request = toRunRequest(["a"], { readyTimeout: 30, keepOnFailure: true });
    expect(request.timeouts.readyMs).to.equal(30_000);
    expect(request).to.include({ keepOnFailure: true, keepCluster: false, dryRun: false });
    expect(request.topology).to.deep.equal({});
  });
});
