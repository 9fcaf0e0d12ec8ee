import { expect } from "chai";
import { checkSkippedSteps } from "../../../harness/cli/skip-steps.js";
import { planDrills } from "../../../harness/drill/drills.js";
import type { DrillError } from "../../../harness/errors.js";
import type { Topology } from "../../../harness/kind/layout.js";
import { loadScenarios } from "../../../harness/scenario/registry.js";

const check = async (skipSteps: string[], topology: Partial<Topology> = {}) => {
  const scenarios = (await loadScenarios()).select(["delete-sa-key"]);
  checkSkippedSteps(skipSteps, planDrills(scenarios, { topology, skipSteps, named: true }, () => undefined), scenarios);
};

describe("--skip-step", () => {
  it("accepts a step of a planned runbook and refuses a name no planned runbook has", async () => {
    await check(["reissue-legacy-tokens"]);
    let error: DrillError | undefined;
    try {
      await check(["reissue-legacy-token"]);
    } catch (e) {
      error = e as DrillError;
    }
    expect(error?.stage).to.equal("input");
    expect(error?.message).to.match(/^\[input\] --skip-step reissue-legacy-token: no such recovery step in delete-sa-key, delete-sa-key \[3cp\+1w\]\n {2}hint: steps: .*reissue-legacy-tokens/);
  });

  it("checks the runbook of the effective topology", async () => {
    // With peers, the SA keys are copied from one instead of regenerated.
    let refused = false;
    await check(["regenerate-sa-keys"], { controlPlanes: 3, workers: 1 }).catch(() => (refused = true));
    expect(refused).to.equal(true);
    await check(["copy-shared-pki-from-peer"], { controlPlanes: 3, workers: 1 });
  });
});
