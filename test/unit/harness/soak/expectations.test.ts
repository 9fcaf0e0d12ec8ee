import { expect } from "chai";
import { judgeRun, shellExitCode, wasSetAside, type RunOutcome } from "../../../../harness/soak/expectations.js";

const outcome = (over: Partial<RunOutcome>): RunOutcome => ({ exitCode: 0, output: "", timedOut: false, ...over });
const sigterm = { kind: "interrupt", signal: "SIGTERM", atSeconds: 30 } as const;
const torn = { kind: "damaged-run-file" } as const;
const leftover = { kind: "undeletable-leftover" } as const;

const tornWarning = "warning: /root/.cache/kubedrill/soak/s1/state/runs/fab12/run.json is damaged (not valid JSON: x); set aside as run.json.damaged-1; skipped";
const cannotDelete =
  "could not delete cluster kubedrill-fab12-undeletable (kind delete cluster failed: ERROR: failed to delete nodes); " +
  "delete it by hand: /k/kind delete cluster --name kubedrill-fab12-undeletable --kubeconfig /s/kubeconfig";

describe("soak expectations", () => {
  it("shellExitCode folds a signal death into 128 + its number", () => {
    expect(shellExitCode(0, null)).to.equal(0);
    expect(shellExitCode(null, "SIGKILL")).to.equal(137);
    expect(shellExitCode(null, "SIGINT")).to.equal(130);
  });

  it("a run that hung fails, whatever else it did", () => {
    expect(judgeRun(sigterm, outcome({ timedOut: true, exitCode: 137, sentAtSeconds: 30 }), 900)).to.deep.equal(["hung: killed after 900s"]);
    expect(judgeRun(torn, outcome({ timedOut: true }), 600, { plantedRunId: "fab12", setAside: true })).to.deep.equal(["hung: killed after 600s"]);
  });

  it("an interrupted run must end with its signal's code, unless it ended before the signal or was killed", () => {
    expect(judgeRun(sigterm, outcome({ exitCode: 143, sentAtSeconds: 30 }), 900)).to.deep.equal([]);
    expect(judgeRun(sigterm, outcome({ exitCode: 0, sentAtSeconds: 30 }), 900)).to.deep.equal(["exit 0 after SIGTERM, expected 143"]);
    expect(judgeRun({ ...sigterm, signal: "SIGINT" }, outcome({ exitCode: 1, sentAtSeconds: 30 }), 900)).to.deep.equal(["exit 1 after SIGINT, expected 130"]);
    expect(judgeRun(sigterm, outcome({ exitCode: 1 }), 900), "ended first").to.deep.equal([]);
    expect(judgeRun({ ...sigterm, signal: "SIGKILL" }, outcome({ exitCode: 137, sentAtSeconds: 30 }), 900)).to.deep.equal([]);
  });

  it("the torn-run.json run must pass, warn about the file and set it aside", () => {
    const evidence = { plantedRunId: "fab12", setAside: true };
    expect(judgeRun(torn, outcome({ output: `${tornWarning}\nall passed\n` }), 900, evidence)).to.deep.equal([]);
    expect(judgeRun(torn, outcome({ exitCode: 1, output: tornWarning }), 900, evidence)).to.deep.equal(["exit 1: a run must pass despite a torn run.json"]);
    expect(judgeRun(torn, outcome({ output: "all passed" }), 900, evidence)).to.deep.equal(["did not warn about the torn run.json of fab12"]);
    expect(judgeRun(torn, outcome({ output: tornWarning }), 900, { ...evidence, setAside: false })).to.deep.equal(["the torn run.json of fab12 was not set aside"]);
  });

  it("the undeletable-leftover run must pass and report the cluster with the command to delete it by hand", () => {
    const evidence = { plantedRunId: "fab12", cluster: "kubedrill-fab12-undeletable" };
    expect(judgeRun(leftover, outcome({ output: `swept\n${cannotDelete}\npassed\n` }), 900, evidence)).to.deep.equal([]);
    expect(judgeRun(leftover, outcome({ exitCode: 2, output: cannotDelete }), 900, evidence)).to.deep.equal(["exit 2: a run must pass despite an undeletable leftover"]);
    const withoutCommand = "could not delete cluster kubedrill-fab12-undeletable (kind delete cluster failed)";
    expect(judgeRun(leftover, outcome({ output: withoutCommand }), 900, evidence)).to.deep.equal([
      "did not report the undeletable kubedrill-fab12-undeletable with the command to delete it by hand",
    ]);
  });

  it("a special run whose damage could not be planted fails", () => {
    expect(judgeRun(leftover, outcome({}), 900)).to.have.length(1);
  });

  it("wasSetAside: the torn file was renamed, not left in place or deleted", () => {
    expect(wasSetAside(["clusters", "run.json.damaged-2026-01-01T00-00-00-000Z"])).to.equal(true);
    expect(wasSetAside(["clusters", "run.json"])).to.equal(false);
    expect(wasSetAside(["clusters"])).to.equal(false);
  });
});
