import { expect } from "chai";
import { checkSkippedSteps } from "../../../harness/cli/skip-steps.js";
import type { DrillError } from "../../../harness/errors.js";
import { loadScenarios } from "../../../harness/scenario/registry.js";

describe("--skip-step", () => {
  it("accepts a step of a selected runbook and refuses a name no selected runbook has", async () => {
    const scenarios = (await loadScenarios()).select(["delete-sa-key"]);
    expect(() => checkSkippedSteps({ skipSteps: ["reissue-legacy-tokens"], topology: {} }, scenarios)).to.not.throw();
    let error: DrillError | undefined;
    try {
      checkSkippedSteps({ skipSteps: ["reissue-legacy-token"], topology: {} }, scenarios);
    } catch (e) {
      error = e as DrillError;
    }
    expect(error?.stage).to.equal("input");
    expect(error?.message).to.match(/^\[input\] --skip-step reissue-legacy-token: no such recovery step in delete-sa-key\n {2}hint: steps: .*reissue-legacy-tokens/);
  });

  it("checks the runbook of the effective topology", async () => {
    const scenarios = (await loadScenarios()).select(["delete-sa-key"]);
    // With peers, the SA keys are copied from one instead of regenerated.
    expect(() => checkSkippedSteps({ skipSteps: ["regenerate-sa-keys"], topology: { controlPlanes: 3, workers: 1 } }, scenarios)).to.throw(/no such recovery step/);
    expect(() => checkSkippedSteps({ skipSteps: ["copy-shared-pki-from-peer"], topology: { controlPlanes: 3, workers: 1 } }, scenarios)).to.not.throw();
  });
});
