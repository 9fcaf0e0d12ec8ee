import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { toolchainPath, type Toolchain } from "../../harness/toolchain.js";

/** writeToolchain hands the drills what setup found or built. */
export function writeToolchain(toolchain: Toolchain): string {
  const path = toolchainPath();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(toolchain, null, 2)}\n`);
  return path;
}
