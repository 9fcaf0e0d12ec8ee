import { expect } from "chai";
import { formatDuration } from "../clock.js";
import type { Check } from "./check.js";
import type { VerifyInput } from "./input.js";

const availabilityChecks = ({ availability, expectations }: VerifyInput): Check[] => {
  const { minSuccessRatio, maxGapSeconds } = expectations.availability;
  return [
    {
      retry: false,
      name: `data plane answered at least ${(minSuccessRatio * 100).toFixed(0)}% of probes`,
      async run() {
        expect(availability.samples, "prober samples").to.be.greaterThan(0);
        expect(availability.successRatio, `success ratio (${availability.successes}/${availability.samples})`).to.be.at.least(minSuccessRatio);
      },
    },
    {
      retry: false,
      name: `longest data-plane gap at most ${maxGapSeconds}s`,
      async run() {
        expect(availability.longestGapMs / 1000, `longest gap (${formatDuration(availability.longestGapMs)})`).to.be.at.most(maxGapSeconds);
      },
    },
  ];
};

const withinBudget = ({ timeToRecoveryMs, expectations }: VerifyInput): Check => ({
  retry: false,
  name: `recovered within the ${expectations.budget.recoverySeconds}s budget`,
  async run() {
    expect(timeToRecoveryMs / 1000, `time to recovery (${formatDuration(timeToRecoveryMs)})`).to.be.at.most(expectations.budget.recoverySeconds);
  },
});

/** drillChecks judge the drill as a whole: availability through it and the time budget. */
export function drillChecks(input: VerifyInput): Check[] {
  return [...availabilityChecks(input), withinBudget(input)];
}
