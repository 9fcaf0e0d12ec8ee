/** The signals a soak interrupts a run with. SIGHUP behaves as SIGTERM in kubedrill, so it is left out. */
export const SOAK_SIGNALS = ["SIGINT", "SIGTERM", "SIGKILL"] as const;

export type SoakSignal = (typeof SOAK_SIGNALS)[number];

/**
 * Interrupts land between these many seconds after a run started: from preflight to the
 * verification of the default scenario, which on a 2-core machine ends after about 90–150 s
 * (a later interrupt would often come after the run has ended, and test nothing).
 */
export const INTERRUPT_WINDOW = { earliest: 5, latest: 90 } as const;

/** The fewest runs a soak makes: the two special runs and one interrupted run. */
export const MIN_RUNS = 3;

/**
 * One run of a soak: interrupted at a moment, or started on purpose-made damage and left to
 * pass (a torn run.json of an earlier run; a leftover cluster of a dead run that cannot be deleted).
 */
export type SoakCase =
  | { kind: "interrupt"; signal: SoakSignal; atSeconds: number }
  | { kind: "damaged-run-file" }
  | { kind: "undeletable-leftover" };

/** mulberry32 is a small seeded generator of numbers in [0, 1): the same seed replays the same soak. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * planSoak decides every run of a soak from its seed. All but two runs are interrupted, at
 * least two of them (one in a soak of three) with SIGKILL, the case that leaves the most
 * behind. The torn-run.json run comes at a random place; the undeletable-leftover run comes
 * last, so the last run is never killed and its start-up sweep always follows the others: what
 * a SIGKILLed run left is counted after the next sweep, and every SIGKILLed run has one.
 */
export function planSoak(runs: number, seed: number): SoakCase[] {
  if (!Number.isInteger(runs) || runs < MIN_RUNS) throw new RangeError(`a soak needs at least ${MIN_RUNS} runs, got ${runs}`);
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const interrupted = runs - 2;
  const kills = Math.min(interrupted, runs >= 4 ? 2 : 1);
  const signals: SoakSignal[] = [...Array<SoakSignal>(kills).fill("SIGKILL"), ...Array.from({ length: interrupted - kills }, () => pick(SOAK_SIGNALS))];
  shuffle(signals, random);
  const span = INTERRUPT_WINDOW.latest - INTERRUPT_WINDOW.earliest + 1;
  const cases: SoakCase[] = signals.map((signal) => ({ kind: "interrupt", signal, atSeconds: INTERRUPT_WINDOW.earliest + Math.floor(random() * span) }));
  cases.splice(Math.floor(random() * (interrupted + 1)), 0, { kind: "damaged-run-file" });
  cases.push({ kind: "undeletable-leftover" });
  return cases;
}

/** shuffle is Fisher–Yates with the soak's generator. */
function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
