import * as allure from "allure-js-commons";
import { AssertionError } from "chai";
import { formatDuration } from "../harness/clock.js";
import type { AttachmentType, DrillObserver } from "../harness/drill/observer.js";
import type { CheckResult } from "../harness/verify/check.js";

/** AllureObserver turns drill phases into Allure steps (named with their duration), expectations into steps, and attachments. */
export class AllureObserver implements DrillObserver {
  async wrapPhase<T>(name: string, body: () => Promise<T>): Promise<T> {
    return allure.step(name, async (step) => {
      const started = Date.now();
      try {
        return await body();
      } finally {
        const took = formatDuration(Date.now() - started);
        await step.displayName(`${name} (${took})`);
        await step.parameter("duration", took);
      }
    });
  }

  async attach(name: string, content: string, type: AttachmentType): Promise<void> {
    await allure.attachment(name, content, type);
  }

  /** One step per expectation, passed or failed with its message, so a failure shows in the step tree. */
  async expectations(results: readonly CheckResult[]): Promise<void> {
    for (const result of results) {
      try {
        await allure.step(result.passed ? result.name : `✗ ${result.name}`, async () => {
          if (!result.passed) throw new AssertionError(result.message ?? "failed");
        });
      } catch {
        // The failure is recorded on the step; the drill's verdict comes from the drill.
      }
    }
  }

  async note(line: string): Promise<void> {
    await allure.logStep(line);
  }
}
