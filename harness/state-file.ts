import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { z } from "zod";

/** writeDurably writes a new file and flushes it to disk, so a rename never publishes a partial file. */
function writeDurably(path: string, data: string): void {
  const fd = openSync(path, "wx");
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * writeJsonAtomic replaces path with value as JSON: it writes a temp file in the same directory,
 * then renames it over path. Readers see the old file or the new one, never a torn one; a failed
 * write leaves the old file and no temp file behind.
 */
export function writeJsonAtomic(path: string, value: unknown, writeTemp: (path: string, data: string) => void = writeDurably): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeTemp(temp, `${JSON.stringify(value, null, 2)}\n`);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** DamagedFile is a state file that exists but is not what kubedrill wrote: torn JSON or the wrong shape. */
export class DamagedFile extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path} is damaged (${reason})`);
    this.name = "DamagedFile";
  }
}

/** readJsonFile parses and validates a JSON file; a missing file throws as usual, a bad one throws DamagedFile. */
export function readJsonFile<T>(path: string, schema: z.ZodType<T>): T {
  const text = readFileSync(path, "utf8");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DamagedFile(path, `not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DamagedFile(path, `${issue.path.length > 0 ? issue.path.join(".") : "content"}: ${issue.message}`);
  }
  return parsed.data;
}

/** Marks files set aside by setAside; they are kept for inspection and never read again. */
export const SET_ASIDE_MARK = ".damaged-";

/** setAside renames a damaged file to `<name>.damaged-<timestamp>` and returns the new path. */
function setAside(path: string, now = new Date()): string {
  const aside = `${path}${SET_ASIDE_MARK}${now.toISOString().replace(/[:.]/g, "-")}`;
  renameSync(path, aside);
  return aside;
}

/**
 * readOrSetAside reads a validated state file. A damaged one is set aside with one warning line
 * naming it, and undefined is returned, so the caller skips it and goes on.
 */
export function readOrSetAside<T>(path: string, schema: z.ZodType<T>, warn: (line: string) => void): T | undefined {
  try {
    return readJsonFile(path, schema);
  } catch (error) {
    if (!(error instanceof DamagedFile)) throw error;
    let outcome: string;
    try {
      outcome = `set aside as ${basename(setAside(path))}`;
    } catch (renameError) {
      outcome = `could not set it aside: ${(renameError as Error).message}`;
    }
    warn(`warning: ${error.message}; ${outcome}; skipped`);
    return undefined;
  }
}
