import type { MilestoneId } from "../verify/milestones.js";

/** One observation of a milestone: when it ended (clock ms) and what it saw. */
export interface Sample {
  at: number;
  ok: boolean;
  detail?: string;
}

/** A change of state, for the report's timeline; times are ms after the end of the breakage. */
export interface Transition {
  afterMs: number;
  ok: boolean;
  detail?: string;
}

/** What the watcher saw of one milestone, from the end of the breakage to the final verification. */
export interface MilestoneObservation {
  id: MilestoneId;
  title: string;
  samples: number;
  /** The first sample, then every change between true and false. */
  transitions: Transition[];
  /** The first moment it was observed true and stayed true until the last sample; ms after the end of the breakage. */
  reachedAfterMs?: number;
}

/**
 * MilestoneTrack folds samples into transitions. The milestone counts as reached at the
 * first sample of the final unbroken run of true samples: a milestone that flapped is
 * reached when it last came back, not when it first did.
 */
export class MilestoneTrack {
  private readonly transitions: Transition[] = [];
  private samples = 0;
  private last?: boolean;
  private trueSince?: number;

  constructor(
    readonly id: MilestoneId,
    readonly title: string,
    /** The end of the breakage (clock ms); every time is reported relative to it. */
    private readonly origin: number,
  ) {}

  record(sample: Sample): void {
    this.samples += 1;
    if (sample.ok && this.last !== true) this.trueSince = sample.at;
    if (!sample.ok) this.trueSince = undefined;
    if (sample.ok !== this.last) this.transitions.push({ afterMs: sample.at - this.origin, ok: sample.ok, ...(sample.detail ? { detail: sample.detail } : {}) });
    this.last = sample.ok;
  }

  observation(): MilestoneObservation {
    return {
      id: this.id,
      title: this.title,
      samples: this.samples,
      transitions: [...this.transitions],
      ...(this.trueSince === undefined ? {} : { reachedAfterMs: this.trueSince - this.origin }),
    };
  }
}
