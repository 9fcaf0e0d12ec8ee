import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** useTempDir gives each test a fresh directory and removes it afterwards. */
export function useTempDir(prefix: string): { readonly path: string } {
  const holder = { path: "" };
  beforeEach(() => {
    holder.path = mkdtempSync(join(tmpdir(), `kubedrill-${prefix}-`));
  });
  afterEach(() => rmSync(holder.path, { recursive: true, force: true }));
  return holder;
}
