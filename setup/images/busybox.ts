import { copyFileSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { run } from "../lib/run.js";

/** Debian's busybox-static: one static binary with sh, httpd, wget, nc and ip. */
export const busyboxBinary = "/bin/busybox";

/** addBusybox installs busybox and a link for each of its applets into <root>/bin. */
export async function addBusybox(root: string): Promise<void> {
  const bin = join(root, "bin");
  mkdirSync(bin, { recursive: true });
  copyFileSync(busyboxBinary, join(bin, "busybox"));
  const applets = (await run([busyboxBinary, "--list"], { phase: "setup: busybox" })).split("\n").filter(Boolean);
  for (const applet of applets) if (applet !== "busybox") symlinkSync("busybox", join(bin, applet));
}
