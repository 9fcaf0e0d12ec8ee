import { expect } from "chai";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ArtifactCache, buildKeyOf, cacheKey } from "../../../setup/lib/cache.js";

describe("setup: artifact cache", () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), "kubedrill-cache-test-"))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("keys change with any input and do not collide on concatenation", () => {
    expect(cacheKey("a", "b")).to.equal(cacheKey("a", "b"));
    expect(cacheKey("a", "b")).not.to.equal(cacheKey("a", "c"));
    expect(cacheKey("ab", "c")).not.to.equal(cacheKey("a", "bc"));
    expect(cacheKey("x")).to.match(/^[0-9a-f]{16}$/);
  });

  it("builds on a miss and reuses the artifact on a hit without building", async () => {
    const cache = new ArtifactCache(root);
    let builds = 0;
    const build = async (dir: string) => {
      builds++;
      writeFileSync(join(dir, "bin"), "v1");
    };
    const [first, cachedFirst] = await cache.produce("tool", cacheKey("v1"), build);
    const [second, cachedSecond] = await cache.produce("tool", cacheKey("v1"), build);
    expect([cachedFirst, cachedSecond, builds]).to.deep.equal([false, true, 1]);
    expect(second).to.equal(first);
    expect(readFileSync(join(first, "bin"), "utf8")).to.equal("v1");
  });

  it("rebuilds when the key changes and drops the old artifact", async () => {
    const cache = new ArtifactCache(root);
    const [old] = await cache.produce("tool", cacheKey("v1"), async (d) => writeFileSync(join(d, "f"), "1"));
    const [fresh, cached] = await cache.produce("tool", cacheKey("v2"), async (d) => writeFileSync(join(d, "f"), "2"));
    expect(cached).to.equal(false);
    expect(existsSync(old)).to.equal(false);
    expect(readFileSync(join(fresh, "f"), "utf8")).to.equal("2");
  });

  it("keeps other artifacts when pruning", async () => {
    const cache = new ArtifactCache(root);
    const [other] = await cache.produce("tool-extra", cacheKey("x"), async () => {});
    await cache.produce("tool", cacheKey("v1"), async () => {});
    await cache.produce("tool", cacheKey("v2"), async () => {});
    expect(existsSync(other)).to.equal(true);
  });

  it("leaves nothing behind that a later run would trust when a build fails", async () => {
    const cache = new ArtifactCache(root);
    const key = cacheKey("v1");
    let error: unknown;
    try {
      await cache.produce("tool", key, async (dir) => {
        writeFileSync(join(dir, "half"), "written");
        throw new Error("compiler crashed");
      });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.contain("compiler crashed");
    expect(cache.has("tool", key)).to.equal(false);
    expect(readdirSync(join(root, "artifacts"))).to.deep.equal([]);
  });

  it("reads the build key back from any file inside an artifact", async () => {
    const key = cacheKey("v1");
    const [dir] = await new ArtifactCache(root).produce("go-kind", key, async () => {});
    expect(buildKeyOf(dir)).to.equal(key);
    expect(buildKeyOf(join(dir, "kind"))).to.equal(key);
    expect(() => buildKeyOf("/usr/bin/kind")).to.throw(/not inside a cached artifact/);
  });
});
