import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RunState } from "../../../../harness/run-state.js";
import { wasSetAside } from "../../../../harness/soak/expectations.js";
import { plantedRunId, plantTornRunFile, tornRunJson } from "../../../../harness/soak/plant.js";
import { useTempDir } from "../../../support/temp-dir.js";

describe("soak planted damage", () => {
  const tmp = useTempDir("soak-plant");

  it("names planted runs as kubedrill would accept them, apart from its own", () => {
    const id = plantedRunId();
    expect(id).to.match(/^f[0-9a-f]{5}$/);
  });

  it("a torn run.json is cut-off JSON that kubedrill's sweep sets aside with a warning", () => {
    expect(() => JSON.parse(tornRunJson("fab12"))).to.throw(SyntaxError);
    const dir = plantTornRunFile(tmp.path, "fab12");
    expect(readFileSync(join(dir, "run.json"), "utf8")).to.equal(tornRunJson("fab12"));
    expect(wasSetAside(readdirSync(dir)), "before any sweep").to.equal(false);

    const warnings: string[] = [];
    expect(RunState.list(tmp.path, (line) => warnings.push(line))).to.deep.equal([]);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include("fab12/run.json is damaged");
    expect(wasSetAside(readdirSync(dir))).to.equal(true);
  });
});
