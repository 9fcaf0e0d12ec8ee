import { expect } from "chai";
import { INTERRUPT_WINDOW, planSoak, seededRandom, type SoakCase } from "../../../../harness/soak/plan.js";

const interrupts = (plan: SoakCase[]) => plan.flatMap((c) => (c.kind === "interrupt" ? [c] : []));
const kinds = (plan: SoakCase[]) => plan.map((c) => c.kind);

describe("soak plan", () => {
  it("is the same for the same seed and differs for another", () => {
    expect(planSoak(20, 42)).to.deep.equal(planSoak(20, 42));
    expect(planSoak(20, 42)).to.not.deep.equal(planSoak(20, 43));
  });

  it("seededRandom stays within [0, 1)", () => {
    const random = seededRandom(7);
    const draws = Array.from({ length: 1000 }, random);
    expect(draws.every((x) => x >= 0 && x < 1)).to.equal(true);
    expect(new Set(draws).size, "not stuck on one value").to.be.greaterThan(990);
  });

  for (const seed of [0, 1, 42, 0xffffffff]) {
    for (const runs of [3, 4, 5, 20]) {
      it(`seed ${seed}, ${runs} runs: two special runs, the leftover one last, the rest interrupted in the window`, () => {
        const plan = planSoak(runs, seed);
        expect(plan).to.have.length(runs);
        expect(kinds(plan).filter((k) => k === "damaged-run-file")).to.have.length(1);
        expect(plan.at(-1)!.kind, "the last run is never killed, so every SIGKILL is followed by a sweep").to.equal("undeletable-leftover");
        expect(interrupts(plan)).to.have.length(runs - 2);
        for (const c of interrupts(plan)) {
          expect(c.atSeconds).to.be.within(INTERRUPT_WINDOW.earliest, INTERRUPT_WINDOW.latest);
          expect(Number.isInteger(c.atSeconds)).to.equal(true);
        }
        const kills = interrupts(plan).filter((c) => c.signal === "SIGKILL").length;
        expect(kills).to.be.at.least(runs >= 4 ? 2 : 1);
      });
    }
  }

  it("uses every signal and spreads the interrupts over the window in a long soak", () => {
    const plan = interrupts(planSoak(200, 5));
    expect(new Set(plan.map((c) => c.signal))).to.deep.equal(new Set(["SIGINT", "SIGTERM", "SIGKILL"]));
    const at = plan.map((c) => c.atSeconds);
    expect(Math.min(...at)).to.be.below(20);
    expect(Math.max(...at)).to.be.above(INTERRUPT_WINDOW.latest - 15);
  });

  it("puts the torn-run.json run at different places for different seeds", () => {
    const places = new Set(Array.from({ length: 20 }, (_, seed) => kinds(planSoak(6, seed)).indexOf("damaged-run-file")));
    expect(places.size).to.be.greaterThan(2);
  });

  it("refuses fewer runs than the special runs need", () => {
    expect(() => planSoak(2, 1)).to.throw(RangeError, "at least 3 runs");
  });
});
