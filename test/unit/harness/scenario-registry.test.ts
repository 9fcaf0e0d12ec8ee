import { expect } from "chai";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isDrillError } from "../../../harness/errors.js";
import { projectRoot } from "../../../harness/paths.js";
import { loadScenarios } from "../../../harness/scenario/registry.js";
import { useTempDir } from "../../support/temp-dir.js";

const kit = pathToFileURL(join(projectRoot, "harness", "scenario", "kit.js")).href;

/** A scenario file body; `overrides` is spliced into the defineScenario object literal. */
function scenarioSource(name: string, overrides = ""): string {
  return `import { defineScenario, execOn, recovery as r, symptoms as s } from ${JSON.stringify(kit)};
export default defineScenario({
  name: ${JSON.stringify(name)},
  breaks: "kills things",
  why: "because",
  topology: { controlPlanes: 1, workers: 1 },
  breakage: (l) => [execOn(l.primary, ["rm", "-f", "/etc/x"], { touches: ["/etc/x"] })],
  recovery: () => [r.waitForApiServer()],
  expectations: { caRotated: false, preDrillToken: "valid", workloadsKeepPods: true,
    availability: { minSuccessRatio: 0.9, maxGapSeconds: 10 }, budget: { recoverySeconds: 60 } },
  ${overrides}
});
`;
}

async function loadError(dir: string): Promise<string> {
  try {
    await loadScenarios(dir);
  } catch (error) {
    expect(isDrillError(error), "a DrillError").to.equal(true);
    return (error as Error).message;
  }
  throw new Error("expected loadScenarios to fail");
}

describe("scenario registry", () => {
  const tmp = useTempDir("scenarios");
  const write = (file: string, body: string) => writeFileSync(join(tmp.path, file), body);
  // Outside the project, .ts files are ESM only under a "type": "module" package.json.
  beforeEach(() => write("package.json", '{ "type": "module" }'));

  it("discovers the shipped scenarios from scenarios/*.scenario.ts", async () => {
    const registry = await loadScenarios();
    expect(registry.names).to.include.members(["wipe-etc-kubernetes", "delete-sa-key", "kill-control-plane-pods"]);
    for (const s of registry.all) expect(s.file).to.equal(join(projectRoot, "scenarios", `${s.name}.scenario.ts`));
  });

  it("discovers a new scenario file without touching any other file", async () => {
    write("etcd-restart.scenario.ts", scenarioSource("etcd-restart"));
    write("notes.ts", "export default 1;");
    const registry = await loadScenarios(tmp.path);
    expect(registry.names).to.deep.equal(["etcd-restart"]);
    expect(registry.select([]).map((s) => s.name)).to.deep.equal(["etcd-restart"]);
  });

  it("refuses unknown scenario names and lists the available ones", async () => {
    const registry = await loadScenarios();
    expect(() => registry.select(["wipe-etc-kubernetes", "nope"])).to.throw(/unknown scenario: nope[\s\S]*available: .*delete-sa-key/);
  });

  it("names the file and the reason when a default export is not defineScenario", async () => {
    write("plain.scenario.ts", "export default { name: 'plain' };");
    expect(await loadError(tmp.path)).to.match(/plain\.scenario\.ts: the default export must be `defineScenario\(\{\.\.\.\}\)`/);
  });

  it("requires the file name to match the scenario name", async () => {
    write("wrong-file.scenario.ts", scenarioSource("right-name"));
    expect(await loadError(tmp.path)).to.include("wrong-file.scenario.ts: file must be named right-name.scenario.ts");
  });

  it("rejects duplicate names, naming both files", async () => {
    write("aaa-drill.scenario.ts", scenarioSource("aaa-drill"));
    write("bbb-drill.scenario.ts", scenarioSource("aaa-drill"));
    expect(await loadError(tmp.path)).to.match(/bbb-drill\.scenario\.ts: name "aaa-drill" is already used by .*aaa-drill\.scenario\.ts/);
  });

  it("reports every invalid field of a scenario", async () => {
    write(
      "bad-fields.scenario.ts",
      scenarioSource(
        "bad-fields",
        `why: "", expectations: { caRotated: "yes", preDrillToken: "maybe", workloadsKeepPods: true,
         availability: { minSuccessRatio: 2, maxGapSeconds: 0 }, budget: { recoverySeconds: -1 } },`,
      ),
    );
    const message = await loadError(tmp.path);
    for (const reason of [
      "why must say why",
      "expectations.caRotated must be true or false",
      'expectations.preDrillToken must be "valid" or "invalid"',
      "expectations.availability.minSuccessRatio must be between 0 and 1",
      "expectations.availability.maxGapSeconds must be a positive number",
      "expectations.budget.recoverySeconds must be a positive number",
    ]) {
      expect(message).to.include(`bad-fields.scenario.ts: ${reason}`);
    }
  });

  it("rejects an impossible topology and a plan that throws at load time, not mid-drill", async () => {
    write("no-nodes.scenario.ts", scenarioSource("no-nodes", "topology: { controlPlanes: 0, workers: 1 },"));
    write("needs-peer.scenario.ts", scenarioSource("needs-peer", "recovery: () => [r.copySharedPkiFromPeer()],"));
    const message = await loadError(tmp.path);
    expect(message).to.include("no-nodes.scenario.ts: topology needs controlPlanes 1-5 and workers 0-10");
    expect(message).to.match(/needs-peer\.scenario\.ts: recovery step "copy-shared-pki-from-peer" threw: .*needs a second control plane/);
  });

  it("rejects empty plans and repeated step names", async () => {
    write("empty-break.scenario.ts", scenarioSource("empty-break", "breakage: () => [],"));
    write("twice.scenario.ts", scenarioSource("twice", "recovery: () => [r.waitForApiServer(), r.waitForApiServer()],"));
    const message = await loadError(tmp.path);
    expect(message).to.include("empty-break.scenario.ts: breakage must return at least one operation");
    expect(message).to.include('twice.scenario.ts: recovery step "wait-api-server" appears twice');
  });

  it("refuses a breakage whose damage nothing could confirm, and accepts one with declared symptoms", async () => {
    write("silent.scenario.ts", scenarioSource("silent", `breakage: (l) => [execOn(l.primary, ["true"])],`));
    expect(await loadError(tmp.path)).to.include("silent.scenario.ts: nothing would confirm the damage: list the paths the breakage changes in `touches`, or declare `symptoms`");
    rmSync(join(tmp.path, "silent.scenario.ts"));
    write("declared.scenario.ts", scenarioSource("declared", `breakage: (l) => [execOn(l.primary, ["true"])], symptoms: () => [s.apiUnavailable()],`));
    expect((await loadScenarios(tmp.path)).names).to.deep.equal(["declared"]);
  });

  it("refuses a per-milestone budget that is not a positive number", async () => {
    write("budget.scenario.ts", scenarioSource("budget", `expectations: { caRotated: false, preDrillToken: "valid", workloadsKeepPods: true,
      availability: { minSuccessRatio: 0.9, maxGapSeconds: 10 }, budget: { recoverySeconds: 60, apiSeconds: 0 } },`));
    expect(await loadError(tmp.path)).to.include("budget.scenario.ts: expectations.budget.apiSeconds must be a positive number when given");
  });

  it("reports a file that does not even import", async () => {
    write("broken.scenario.ts", "export default defineScenario(;");
    expect(await loadError(tmp.path)).to.match(/broken\.scenario\.ts: failed to import/);
  });

  it("fails when there are no scenario files at all", async () => {
    expect(await loadError(tmp.path)).to.match(/no \*\.scenario\.ts files/);
  });
});
