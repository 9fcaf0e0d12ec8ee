import * as allure from "allure-js-commons";
import { formatDuration } from "../harness/clock.js";
import type { AttachmentType, DrillObserver } from "../harness/drill/observer.js";

/** AllureObserver turns drill phases into Allure steps (named with their duration) and attachments. */
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

  note(line: string): void {
    void allure.logStep(line);
  }
}
