import { randomBytes } from "node:crypto";

/**
 * A command run inside a node keeps running there when kubedrill stops waiting for it: docker
 * has no way to kill an exec. So every command runs under a guard that makes it the leader of
 * a new process group and records that group in a file under /run (tmpfs, node-local); on a
 * timeout or an interrupt, a second exec kills the whole group: the command and its children.
 */

/** Where guarded commands record their process group inside a node. */
export const GROUP_DIR = "/run/kubedrill";

/**
 * The guard's shell runs `setsid` as an ordinary child, which is never a process-group leader,
 * so setsid does not fork and the inner shell's $$ is the new group's id. The outer shell waits,
 * removes the record and exits with the command's code; stdin, stdout and stderr pass through.
 */
const GUARD = [
  "f=$1; shift",
  `setsid sh -c '{ mkdir -p "\${1%/*}" && echo $$ > "$1"; } 2>/dev/null; shift; exec "$@"' kubedrill-exec "$f" "$@"`,
  'rc=$?; rm -f "$f"; exit $rc',
].join("\n");

/** Waits up to 2s for the record (the guard may be just starting), then kills the group it names. */
const KILL = [
  "f=$1; i=0",
  'while [ ! -s "$f" ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done',
  '[ -s "$f" ] && kill -KILL -"$(cat "$f")" 2>/dev/null',
  'rm -f "$f"',
].join("\n");

/** newGroupFile names the record of one guarded command. */
export function newGroupFile(): string {
  return `${GROUP_DIR}/exec-${randomBytes(6).toString("hex")}.pgid`;
}

/** guarded is argv run under the guard, recording its process group in groupFile. */
export function guarded(argv: readonly string[], groupFile: string): string[] {
  return ["sh", "-c", GUARD, "kubedrill-exec", groupFile, ...argv];
}

/** killGroup kills the process group recorded in groupFile, and removes the record. */
export function killGroup(groupFile: string): string[] {
  return ["sh", "-c", KILL, "kubedrill-kill", groupFile];
}
