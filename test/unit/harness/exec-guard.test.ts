import { expect } from "chai";
import { execa } from "execa";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { guarded, killGroup } from "../../../harness/node/exec-guard.js";
import { useTempDir } from "../../support/temp-dir.js";

/** The processes of a group that are still running (zombies waiting to be reaped do not count). */
function liveMembers(pgid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        return Number(fields[2]) === pgid && fields[0] !== "Z" ? [Number(pid)] : [];
      } catch {
        return []; // gone while we looked
      }
    });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

// The guard runs inside kind nodes (dash) and busybox test containers; here it runs under the host's sh.
describe("exec guard (host shell)", () => {
  const tmp = useTempDir("guard");

  it("passes stdin, stdout, stderr and the exit code through, and removes its record", async () => {
    const file = join(tmp.path, "run", "exec.pgid");
    const [sh, ...args] = guarded(["sh", "-c", "echo out; echo err >&2; cat; exit 7"], file);
    const result = await execa(sh!, args, { input: "in\n", reject: false });
    expect(result).to.include({ stdout: "out\nin", stderr: "err", exitCode: 7 });
    expect(existsSync(file)).to.equal(false);
  });

  it("lets killGroup kill the command and its children, not the guard's caller", async () => {
    const file = join(tmp.path, "exec.pgid");
    const [sh, ...args] = guarded(["sh", "-c", "sleep 300 & sleep 301; echo never"], file);
    const running = execa(sh!, args, { reject: false });
    await until(() => existsSync(file) && readFileSync(file, "utf8").trim() !== "");
    const pgid = Number(readFileSync(file, "utf8"));
    expect(pgid).to.not.equal(process.pid);
    await until(() => liveMembers(pgid).length === 3); // the command's shell and both its sleeps

    const [ksh, ...kargs] = killGroup(file);
    await execa(ksh!, kargs);
    const result = await running;

    expect(result.exitCode).to.equal(137);
    expect(result.stdout).to.equal("");
    expect(liveMembers(pgid)).to.deep.equal([]);
    expect(existsSync(file)).to.equal(false);
  });
});
