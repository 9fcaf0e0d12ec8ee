import { expect } from "chai";
import { DrillError } from "../../../../harness/errors.js";
import { parseSoakArgs } from "../../../../harness/soak/options.js";

const scenarios = ["kill-control-plane-pods", "delete-sa-key"];

function refusal(argv: string[]): DrillError {
  try {
    parseSoakArgs(argv, scenarios);
  } catch (error) {
    return error as DrillError;
  }
  throw new Error(`${argv.join(" ")} was accepted`);
}

describe("soak options", () => {
  it("defaults to 20 runs of kill-control-plane-pods, 900 s each, with a random seed", () => {
    const options = parseSoakArgs([], scenarios);
    expect(options).to.include({ runs: 20, scenario: "kill-control-plane-pods", runTimeoutSeconds: 900 });
    expect(options.seed).to.be.a("number").within(0, 0xffffffff);
  });

  it("takes every flag", () => {
    expect(parseSoakArgs(["--runs", "3", "--scenario", "delete-sa-key", "--seed", "42", "--run-timeout", "600"], scenarios)).to.deep.equal({
      runs: 3,
      scenario: "delete-sa-key",
      seed: 42,
      runTimeoutSeconds: 600,
    });
  });

  for (const [argv, says] of [
    [["--runs", "2"], "'--runs <n>' argument '2' is invalid"],
    [["--runs", "ten"], "expected a whole number from 3 to 200"],
    [["--seed", "-1"], "'--seed <n>' argument '-1' is invalid"],
    [["--seed", "4294967296"], "expected a whole number from 0 to 4294967295"],
    [["--run-timeout", "60"], "expected a whole number from 150"],
    [["--scenario", "nope"], 'unknown scenario "nope" (available: kill-control-plane-pods, delete-sa-key)'],
    [["--fast"], "unknown option '--fast'"],
    [["20"], "too many arguments"],
  ] as const) {
    it(`refuses ${argv.join(" ")} with one line`, () => {
      const error = refusal([...argv]);
      expect(error).to.be.instanceOf(DrillError);
      expect(error.stage).to.equal("input");
      expect(error.message).to.include(says);
      expect(error.message.split("\n")).to.have.length(1);
    });
  }
});
