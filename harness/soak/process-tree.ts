import { readdirSync, readFileSync } from "node:fs";

/** One process as /proc/<pid>/stat shows it; start (in clock ticks since boot) tells a reused pid apart. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  start: number;
  /** A zombie has ended and only waits for its parent to reap it. */
  zombie: boolean;
}

/**
 * parseProcStat reads pid, parent pid and start time from a /proc/<pid>/stat line. The command
 * name sits in parentheses and may itself hold spaces and parentheses, so fields are counted
 * from the last ")".
 */
export function parseProcStat(line: string): ProcessEntry | undefined {
  const close = line.lastIndexOf(")");
  if (close < 0) return undefined;
  const pid = Number.parseInt(line, 10);
  // After ")": state(3) ppid(4) ... starttime(22); fields[0] is the state.
  const fields = line.slice(close + 2).trim().split(/\s+/);
  const ppid = Number(fields[1]);
  const start = Number(fields[19]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isFinite(start)) return undefined;
  return { pid, ppid, start, zombie: fields[0] === "Z" };
}

/** descendants lists every process below root (children, grandchildren, ...), root excluded. */
export function descendants(root: number, table: readonly ProcessEntry[]): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of table) children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry]);
  const found: ProcessEntry[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (found.some((f) => f.pid === child.pid)) continue;
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** readProcessTable lists the machine's processes; one that ends while it reads is skipped. */
export function readProcessTable(): ProcessEntry[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        return parseProcStat(readFileSync(`/proc/${name}/stat`, "utf8")) ?? [];
      } catch {
        return [];
      }
    });
}

/** isSameProcessAlive tells whether this very process (not a later one with its pid) still runs. */
export function isSameProcessAlive(entry: ProcessEntry, table: readonly ProcessEntry[] = readProcessTable()): boolean {
  return table.some((e) => e.pid === entry.pid && e.start === entry.start && !e.zombie);
}

/**
 * killTrees SIGKILLs the given processes and everything below them at once, as a cgroup kill
 * does: each is first stopped (a stopped process cannot fork or reap), the trees are re-read
 * until no new process shows, and only then is everything killed. Returns how many were killed.
 */
export function killTrees(roots: readonly ProcessEntry[]): number {
  const stopped = new Map<number, ProcessEntry>();
  for (let round = 0; round < 20; round++) {
    const table = readProcessTable();
    const alive = roots.filter((root) => isSameProcessAlive(root, table));
    const fresh = [...alive, ...alive.flatMap((root) => descendants(root.pid, table))].filter((e) => !e.zombie && !stopped.has(e.pid));
    if (fresh.length === 0) break;
    for (const entry of fresh) {
      if (signal(entry.pid, "SIGSTOP")) stopped.set(entry.pid, entry);
    }
  }
  for (const pid of stopped.keys()) signal(pid, "SIGKILL");
  return stopped.size;
}

/** signal sends a signal, returning false when the process is already gone. */
function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}
