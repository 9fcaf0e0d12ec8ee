import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromiumPath } from "../../support/browser.js";
import { useTempDir } from "../../support/temp-dir.js";
import { OFFLINE_TOOLCHAIN } from "../../support/toolchain.js";

describe("browser for the report tests", () => {
  const tmp = useTempDir("browser-path");
  const fakeBrowser = (name: string) => {
    const path = join(tmp.path, name);
    writeFileSync(path, "");
    return path;
  };

  it("takes CHROMIUM_PATH over the browser toolchain.json records", () => {
    writeFileSync(join(tmp.path, "toolchain.json"), JSON.stringify({ ...OFFLINE_TOOLCHAIN, browser: fakeBrowser("recorded") }));
    expect(chromiumPath({ KUBEDRILL_CACHE: tmp.path, CHROMIUM_PATH: fakeBrowser("chosen") })).to.equal(join(tmp.path, "chosen"));
    expect(chromiumPath({ KUBEDRILL_CACHE: tmp.path })).to.equal(join(tmp.path, "recorded"));
  });

  it("falls back to Debian's chromium without a recorded browser, and names a missing one", () => {
    writeFileSync(join(tmp.path, "toolchain.json"), JSON.stringify(OFFLINE_TOOLCHAIN));
    expect(() => chromiumPath({ KUBEDRILL_CACHE: tmp.path, CHROMIUM_PATH: join(tmp.path, "absent") })).to.throw(/^no Chromium at .*\/absent: run `npm run setup`/);
    let fallback: string | Error;
    try {
      fallback = chromiumPath({ KUBEDRILL_CACHE: tmp.path });
    } catch (error) {
      fallback = error as Error;
    }
    expect(String(fallback)).to.include("/usr/bin/chromium");
  });
});
