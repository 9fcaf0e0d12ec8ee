import { expect } from "chai";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadToolchain, parseToolchain } from "../../../harness/toolchain.js";
import { useTempDir } from "../../support/temp-dir.js";
import { OFFLINE_TOOLCHAIN } from "../../support/toolchain.js";

const offline = OFFLINE_TOOLCHAIN;

describe("toolchain.json", () => {
  const tmp = useTempDir("toolchain");
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ KUBEDRILL_CACHE: tmp.path, PATH: join(tmp.path, "bin"), ...extra });
  const writeToolchain = (value: unknown) => writeFileSync(join(tmp.path, "toolchain.json"), JSON.stringify(value));

  it("parses what setup writes, nulls included", () => {
    const withBrowser = { ...offline, browser: "/usr/bin/chromium" };
    expect(parseToolchain(JSON.stringify(withBrowser), "t.json")).to.deep.equal(withBrowser);
    expect(parseToolchain(JSON.stringify({ ...offline, browser: null }), "t.json").browser).to.equal(null);
  });

  it("reads a file from before setup recorded the browser as having none", () => {
    expect(parseToolchain(JSON.stringify(offline), "t.json")).to.deep.equal({ ...offline, browser: null });
  });

  it("names the file and the field that is wrong", () => {
    expect(() => parseToolchain("{", "t.json")).to.throw(/^\[input\] t\.json: not valid JSON/);
    expect(() => parseToolchain(JSON.stringify({ ...offline, workloadImage: null }), "t.json")).to.throw(/t\.json: "workloadImage" must be a non-empty string/);
    expect(() => parseToolchain(JSON.stringify({ ...offline, nodeImage: 3 }), "t.json")).to.throw(/"nodeImage" must be a non-empty string or null/);
    expect(() => parseToolchain(JSON.stringify({ ...offline, offline: "yes" }), "t.json")).to.throw(/"offline" must be true or false/);
    expect(() => parseToolchain(JSON.stringify({ ...offline, browser: "" }), "t.json")).to.throw(/"browser" must be a non-empty string or null/);
  });

  it("lets --image win over KUBEDRILL_NODE_IMAGE, and that over the file", () => {
    writeToolchain(offline);
    expect(loadToolchain({ env: env() }).nodeImage).to.equal(offline.nodeImage);
    expect(loadToolchain({ env: env({ KUBEDRILL_NODE_IMAGE: "from-env" }) }).nodeImage).to.equal("from-env");
    expect(loadToolchain({ env: env({ KUBEDRILL_NODE_IMAGE: "from-env" }), imageOverride: "from-flag" }).nodeImage).to.equal("from-flag");
  });

  it("falls back to kind on PATH when setup has not run", () => {
    mkdirSync(join(tmp.path, "bin"));
    writeFileSync(join(tmp.path, "bin", "kind"), "#!/bin/sh\n");
    chmodSync(join(tmp.path, "bin", "kind"), 0o755);
    const toolchain = loadToolchain({ env: env() });
    expect(toolchain.kind).to.equal(join(tmp.path, "bin", "kind"));
    expect(toolchain.nodeImage).to.equal(null);
  });

  it("tells the user to run npm run setup when there is neither a toolchain nor kind", () => {
    expect(() => loadToolchain({ env: env() })).to.throw(/toolchain\.json is missing and no `kind` is on PATH[\s\S]*npm run setup/);
  });
});
