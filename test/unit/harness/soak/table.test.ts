import { expect } from "chai";
import { NO_LEFTOVERS } from "../../../../harness/soak/leftovers.js";
import { finalLine, lastLine, renderProblems, renderTable, totalLeaks, type SoakRow } from "../../../../harness/soak/table.js";

const row = (over: Partial<SoakRow>): SoakRow => ({
  index: 1,
  runId: "r1a2b3",
  case: { kind: "interrupt", signal: "SIGINT", atSeconds: 42 },
  sentAtSeconds: 42,
  exitCode: 130,
  lastLine: "drill summary",
  leftovers: NO_LEFTOVERS,
  problems: [],
  ...over,
});

describe("soak table", () => {
  it("lastLine is the last non-blank line, without colours or runs of spaces", () => {
    expect(lastLine("first\n\u001b[32m  passed   1 drill\u001b[0m  \n\n  \n")).to.equal("passed 1 drill");
    expect(lastLine("")).to.equal("(nothing)");
    expect(lastLine("progress 10%\rprogress 100%\r\n")).to.equal("progress 100%");
  });

  it("lastLine shortens a long line to the cell's width", () => {
    const cell = lastLine(`${"x".repeat(100)}\n`, 20);
    expect(cell).to.have.length(20);
    expect(cell.endsWith("…")).to.equal(true);
  });

  it("renders one aligned row per run: signal, moment, exit code, leftovers (a killed run's after a later sweep) and last line", () => {
    const table = renderTable([
      row({}),
      row({ index: 2, runId: "r9", case: { kind: "interrupt", signal: "SIGKILL", atSeconds: 7 }, sentAtSeconds: 7, exitCode: 137, lastLine: "[kind] Creating cluster", leftovers: { ...NO_LEFTOVERS, clusters: ["kubedrill-r9-x"] }, countedAfterRun: 3 }),
      row({ index: 3, runId: undefined, case: { kind: "interrupt", signal: "SIGTERM", atSeconds: 150 }, sentAtSeconds: undefined, exitCode: 0 }),
      row({ index: 4, case: { kind: "damaged-run-file" }, sentAtSeconds: undefined, exitCode: 0 }),
      row({ index: 5, case: { kind: "undeletable-leftover" }, sentAtSeconds: undefined, exitCode: 0 }),
    ]);
    expect(table.split("\n")).to.deep.equal([
      "run  id      signal                      at    exit  leftovers                        last line",
      "1    r1a2b3  SIGINT                      42s   130   none                             drill summary",
      "2    r9      SIGKILL                     7s    137   1 cluster (after run 3's sweep)  [kind] Creating cluster",
      "3    -       SIGTERM (unsent)            150s  0     none                             drill summary",
      "4    r1a2b3  none: torn run.json         -     0     none                             drill summary",
      "5    r1a2b3  none: undeletable leftover  -     0     none                             drill summary",
    ]);
  });

  it("adds up leaks over the runs and lists every problem with its run", () => {
    const rows = [row({}), row({ index: 2, leftovers: { ...NO_LEFTOVERS, runDirs: ["r1"], processes: 2 }, problems: ["hung: killed after 900s"] })];
    expect(totalLeaks(rows)).to.equal(3);
    expect(totalLeaks([row({})])).to.equal(0);
    expect(renderProblems(rows)).to.deep.equal(["run 2 (r1a2b3): hung: killed after 900s"]);
  });

  it("ends with the verdict line scripts read", () => {
    expect(finalLine(20, 0)).to.equal("soak: 20 runs, 0 leaks");
    expect(finalLine(3, 4)).to.equal("soak: 3 runs, 4 leaks");
  });
});
