import { readdirSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { join } from "node:path";
import { DrillError } from "./errors.js";

/**
 * A liveness lock is a Unix socket a live process listens on. Connecting succeeds exactly while
 * the process lives: the kernel refuses connections to a socket nobody listens on any more, so
 * a crashed holder, or a new process that happens to get its pid, never looks like the owner.
 */
export interface LivenessLock {
  readonly path: string;
  release(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const PREFIX = "live-";
const SUFFIX = ".sock";
/** sun_path holds 108 bytes, the terminating NUL included. */
const MAX_SOCKET_PATH = 107;

/** holdLivenessLock listens on `<dir>/live-<pid>.sock` until released or the process ends. */
export async function holdLivenessLock(dir: string, pid = process.pid): Promise<LivenessLock> {
  const path = join(dir, `${PREFIX}${pid}${SUFFIX}`);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    throw new DrillError(`the run directory ${dir} is too deep for a Unix socket path (${Buffer.byteLength(path)} > ${MAX_SOCKET_PATH} bytes)`, {
      stage: "input",
      hint: "point KUBEDRILL_CACHE at a shorter directory",
    });
  }
  rmSync(path, { force: true }); // a socket left by a crashed process with this pid: nobody can be listening on it
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.unref(); // the lock must not keep the process alive
  let closed: Promise<void> | undefined;
  const release = () => (closed ??= new Promise<void>((resolve) => server.close(() => resolve())));
  return { path, release, [Symbol.asyncDispose]: release };
}

/** isLockHeld tells whether any process still holds a liveness lock in dir. */
export async function isLockHeld(dir: string): Promise<boolean> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  const sockets = names.filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX));
  const answers = await Promise.all(sockets.map((name) => socketAnswers(join(dir, name))));
  return answers.includes(true);
}

/**
 * socketAnswers connects once. Only "nobody listens" (ECONNREFUSED) and "no socket" (ENOENT) count
 * as dead; any other failure counts as alive, so a doubtful run is never swept.
 */
function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code !== "ECONNREFUSED" && error.code !== "ENOENT"));
  });
}
