import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

/** cacheKey hashes everything an artifact is built from; a changed pin gives a new key. */
export function cacheKey(...parts: ReadonlyArray<string | Buffer>): string {
  const hash = createHash("sha256");
  for (const part of parts) {
    hash.update(String(part.length));
    hash.update(":");
    hash.update(part);
  }
  return hash.digest("hex").slice(0, 16);
}

/** buildKeyOf reads the key of the cached artifact a path lies in (…/<artifact>-<key>/file). */
export function buildKeyOf(path: string): string {
  const key = /-([0-9a-f]{16})(?:\/|$)/.exec(path)?.[1];
  if (!key) throw new Error(`${path} is not inside a cached artifact`);
  return key;
}

/**
 * ArtifactCache stores directories named <artifact>-<key>. A build writes into a
 * temporary sibling that is renamed into place only on success, so a failed or
 * interrupted build never leaves anything a later run would trust.
 */
export class ArtifactCache {
  constructor(readonly root: string) {}

  path(artifact: string, key: string): string {
    return join(this.root, "artifacts", `${artifact}-${key}`);
  }

  has(artifact: string, key: string): boolean {
    return existsSync(this.path(artifact, key));
  }

  /** produce returns [path, cached]; build fills the directory it is given. */
  async produce(artifact: string, key: string, build: (dir: string) => Promise<void>): Promise<[string, boolean]> {
    const final = this.path(artifact, key);
    if (existsSync(final)) return [final, true];
    const tmp = `${final}.partial-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    try {
      await build(tmp);
      renameSync(tmp, final);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw error;
    }
    this.prune(artifact, key);
    return [final, false];
  }

  /** prune removes this artifact's other keys and partial builds left by killed runs. */
  private prune(artifact: string, keep: string): void {
    const dir = join(this.root, "artifacts");
    for (const entry of readdirSync(dir)) {
      const rest = entry.startsWith(`${artifact}-`) ? entry.slice(artifact.length + 1) : undefined;
      if (rest !== undefined && rest !== keep && /^[0-9a-f]{16}(\.partial-\d+)?$/.test(rest)) {
        rmSync(join(dir, entry), { recursive: true, force: true });
      }
    }
  }
}
