import { expect } from "chai";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureBrowser, findBrowser, isExecutableFile } from "../../../setup/host/browser.js";
import { useTempDir } from "../../support/temp-dir.js";

/** A host whose only executables are `paths`. */
const executables = (...paths: string[]) => (path: string) => paths.includes(path);

describe("setup: browser for the report tests", () => {
  it("prefers Chromium to Chrome wherever each is on PATH", () => {
    const env = { PATH: "/opt/google/bin:/usr/local/bin:/usr/bin" };
    expect(findBrowser(env, executables("/opt/google/bin/google-chrome", "/usr/bin/chromium"))).to.equal("/usr/bin/chromium");
  });
  it("finds the google-chrome a GitHub runner ships", () => {
    expect(findBrowser({ PATH: "/usr/local/bin:/usr/bin" }, executables("/usr/bin/google-chrome"))).to.equal("/usr/bin/google-chrome");
  });
  it("looks in /usr/bin, where Debian installs chromium, even when PATH leaves it out", () => {
    expect(findBrowser({ PATH: "/bin" }, executables("/usr/bin/chromium"))).to.equal("/usr/bin/chromium");
  });
  it("finds nothing on a host without one", () => {
    expect(findBrowser({ PATH: "/usr/local/bin:/usr/bin" }, executables("/usr/bin/firefox"))).to.equal(undefined);
  });
  it("takes CHROMIUM_PATH over anything on PATH, and rejects one that is not executable", () => {
    const on = executables("/usr/bin/google-chrome", "/opt/chromium/chrome");
    expect(findBrowser({ PATH: "/usr/bin", CHROMIUM_PATH: "/opt/chromium/chrome" }, on)).to.equal("/opt/chromium/chrome");
    expect(() => findBrowser({ PATH: "/usr/bin", CHROMIUM_PATH: "/opt/missing" }, on)).to.throw(/CHROMIUM_PATH=\/opt\/missing is not an executable file/);
  });

  it("installs nothing where a browser is present", async () => {
    let installs = 0;
    const result = await ensureBrowser({ find: () => "/usr/bin/google-chrome", install: async () => installs++ });
    expect([result, installs]).to.deep.equal([["/usr/bin/google-chrome", true], 0]);
  });
  it("installs Debian's chromium where none is, and returns where it landed", async () => {
    let installed = false;
    const result = await ensureBrowser({ find: () => (installed ? "/usr/bin/chromium" : undefined), install: async () => (installed = true) });
    expect(result).to.deep.equal(["/usr/bin/chromium", false]);
  });
  it("fails with a way out when the install leaves no browser behind", async () => {
    let error: unknown;
    await ensureBrowser({ find: () => undefined, install: async () => {} }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/chromium was installed but no chromium binary/);
  });

  describe("executables on disk", () => {
    const tmp = useTempDir("browser");
    it("counts only executable files", () => {
      const file = join(tmp.path, "chromium");
      writeFileSync(file, "#!/bin/sh\n");
      expect(isExecutableFile(file)).to.equal(false);
      chmodSync(file, 0o755);
      expect(isExecutableFile(file)).to.equal(true);
      mkdirSync(join(tmp.path, "dir"));
      expect(isExecutableFile(join(tmp.path, "dir"))).to.equal(false);
      expect(isExecutableFile(join(tmp.path, "missing"))).to.equal(false);
    });
  });
});
