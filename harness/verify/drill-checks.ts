import { expect } from "chai";
import { formatDuration } from "../clock.js";
import type { Expectations } from "../scenario/define.js";
import type { AvailabilityReport } from "../workload/availability.js";
import type { MilestoneObservation } from "../watch/track.js";
import type { Check } from "./check.js";
import { MILESTONE_BUDGET_FIELDS } from "./milestones.js";

/** The prober must never have been silent for longer than this: a dead prober proves nothing. */
export const MAX_PROBER_SILENCE_MS = 10_000;

/** What a drill is judged on once the cluster was verified healthy (or given up on). */
export interface DrillJudgmentInput {
  expectations: Expectations;
  availability: AvailabilityReport;
  /** The window availability must cover: from the start of the breakage to the final verification (clock ms). */
  window: { from: number; to: number };
  /** End of the breakage → the passing final verification; undefined when it never passed. */
  timeToRecoveryMs?: number;
  milestones: readonly MilestoneObservation[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Per node: enough probes answered, no long outage, and samples covering the whole window. */
function availabilityChecks({ availability, expectations, window }: DrillJudgmentInput): Check[] {
  const { minSuccessRatio, maxGapSeconds } = expectations.availability;
  return availability.nodes.flatMap((n) => [
    {
      name: `prober covered ${n.node} from before the break until after the final verification`,
      async run() {
        expect(n.samples, `samples through ${n.node}`).to.be.greaterThan(0);
        expect(n.firstAt!, `first sample (${iso(n.firstAt!)}) must precede the break (${iso(window.from)})`).to.be.at.most(window.from);
        expect(n.lastAt!, `last sample (${iso(n.lastAt!)}) must follow the final verification (${iso(window.to)})`).to.be.at.least(window.to);
        expect(n.longestSilenceMs, `longest time without any sample (${formatDuration(n.longestSilenceMs)})`).to.be.at.most(MAX_PROBER_SILENCE_MS);
      },
    },
    {
      name: `data plane through ${n.node} answered at least ${(minSuccessRatio * 100).toFixed(0)}% of probes`,
      async run() {
        expect(n.successRatio, `success ratio (${n.successes}/${n.samples})`).to.be.at.least(minSuccessRatio);
      },
    },
    {
      name: `longest data-plane gap through ${n.node} at most ${maxGapSeconds}s`,
      async run() {
        expect(n.longestGapMs / 1000, `longest gap (${formatDuration(n.longestGapMs)})`).to.be.at.most(maxGapSeconds);
      },
    },
  ]);
}

function budgetChecks({ timeToRecoveryMs, expectations, milestones }: DrillJudgmentInput): Check[] {
  const { budget } = expectations;
  const overall: Check = {
    name: `verified healthy within the ${budget.recoverySeconds}s budget`,
    async run() {
      expect(timeToRecoveryMs, "time to recovery (the final verification never passed)").to.not.equal(undefined);
      expect(timeToRecoveryMs! / 1000, `time to recovery (${formatDuration(timeToRecoveryMs!)})`).to.be.at.most(budget.recoverySeconds);
    },
  };
  const perMilestone = milestones.flatMap((m): Check[] => {
    const seconds = budget[MILESTONE_BUDGET_FIELDS[m.id]];
    if (seconds === undefined) return [];
    return [
      {
        name: `${m.title} within ${seconds}s of the break`,
        async run() {
          expect(m.reachedAfterMs, `${m.title} (never observed to stay true)`).to.not.equal(undefined);
          expect(m.reachedAfterMs! / 1000, `${m.title} reached after ${formatDuration(m.reachedAfterMs!)}`).to.be.at.most(seconds);
        },
      },
    ];
  });
  return [overall, ...perMilestone];
}

/** drillJudgments judge the drill as a whole: availability through it, and the time budgets. */
export function drillJudgments(input: DrillJudgmentInput): Check[] {
  return [...availabilityChecks(input), ...budgetChecks(input)];
}
