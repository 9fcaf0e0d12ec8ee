import { formatDuration } from "../clock.js";
import type { DrillObserver } from "./observer.js";
import type { PhaseKind, PhaseRecord } from "./timeline.js";

const stamp = (ms: number) => `[${formatDuration(ms).padStart(6)}]`;

/** ConsoleProgress prints one line per phase start and end, with elapsed time since the drill began. */
export class ConsoleProgress implements DrillObserver {
  constructor(private readonly write: (text: string) => void = (text) => process.stdout.write(text)) {}

  phaseStarted(name: string, _kind: PhaseKind, elapsedMs: number): void {
    this.write(`    ${stamp(elapsedMs)} ▶ ${name}\n`);
  }

  phaseFinished(record: PhaseRecord): void {
    if (record.status === "skipped") {
      this.write(`    ${stamp(record.startMs)} – ${record.name} (skipped: --skip-step)\n`);
      return;
    }
    const mark = record.status === "passed" ? "✓" : "✗";
    const sinceBreak = record.sinceBreakMs === undefined ? "" : `, ${formatDuration(record.sinceBreakMs)} after the break`;
    this.write(`    ${stamp(record.startMs + record.durationMs)} ${mark} ${record.name} (${formatDuration(record.durationMs)}${sinceBreak})\n`);
    if (record.error) this.write(`             ${record.error.split("\n")[0]}\n`);
  }

  note(line: string): void {
    this.write(`    ${line}\n`);
  }
}
