import { expect } from "chai";
import { descendants, isSameProcessAlive, parseProcStat, type ProcessEntry } from "../../../../harness/soak/process-tree.js";

/** A /proc/<pid>/stat line with the fields the soak reads; the others are filler. */
const stat = (pid: number, comm: string, state: string, ppid: number, start: number) =>
  `${pid} (${comm}) ${state} ${ppid} ${pid} ${pid} 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 ${start} 1000 200 18446744073709551615\n`;

const entry = (pid: number, ppid: number, start = 100): ProcessEntry => ({ pid, ppid, start, zombie: false });

describe("soak process tree", () => {
  it("reads pid, parent and start time, even when the command name holds spaces and parentheses", () => {
    expect(parseProcStat(stat(4242, "node", "S", 4200, 987654))).to.deep.equal({ pid: 4242, ppid: 4200, start: 987654, zombie: false });
    expect(parseProcStat(stat(7, "kind (x) y", "Z", 1, 55))).to.deep.equal({ pid: 7, ppid: 1, start: 55, zombie: true });
  });

  it("rejects a line that is not a stat line", () => {
    expect(parseProcStat("")).to.equal(undefined);
    expect(parseProcStat("12 (cut")).to.equal(undefined);
    expect(parseProcStat("12 (x) S")).to.equal(undefined);
  });

  it("finds children and grandchildren, and nothing outside the tree", () => {
    const table = [entry(1, 0), entry(10, 1), entry(11, 10), entry(12, 11), entry(13, 10), entry(20, 1), entry(21, 20)];
    expect(descendants(10, table).map((e) => e.pid).sort()).to.deep.equal([11, 12, 13]);
    expect(descendants(12, table)).to.deep.equal([]);
    expect(descendants(99, table)).to.deep.equal([]);
  });

  it("tells a process from a later one that got its pid, and a zombie from a live one", () => {
    const cli = entry(10, 1, 500);
    expect(isSameProcessAlive(cli, [entry(10, 1, 500)])).to.equal(true);
    expect(isSameProcessAlive(cli, [entry(10, 1, 900)]), "same pid, later start").to.equal(false);
    expect(isSameProcessAlive(cli, [{ ...cli, zombie: true }])).to.equal(false);
    expect(isSameProcessAlive(cli, [])).to.equal(false);
  });
});
