import { z } from "zod";
import type { RunPlan } from "./plan.js";

const count = z.number().int().nonnegative();
const duration = z.number().int().positive();

/** runPlanSchema validates the plan file the drill process reads; typed against RunPlan so the two cannot drift. */
export const runPlanSchema: z.ZodType<RunPlan> = z.object({
  runId: z.string().min(1),
  stateRoot: z.string().min(1),
  outDir: z.string().min(1),
  drills: z.array(
    z.object({
      id: z.string().min(1),
      scenario: z.string().min(1),
      topology: z.object({ controlPlanes: count, workers: count }),
      key: z.string().min(1),
      skipSteps: z.array(z.string().min(1)),
      proof: z
        .discriminatedUnion("kind", [
          z.object({ kind: z.literal("necessity"), step: z.string().min(1) }),
          z.object({ kind: z.literal("idempotency") }),
          z.object({ kind: z.literal("resumability"), step: z.string(), interrupt: z.object({ op: count, afterMs: duration }).optional() }),
        ])
        .optional(),
    }),
  ),
  toolchain: z.object({
    kind: z.string().min(1),
    kubectl: z.string().min(1).nullable(),
    nodeImage: z.string().min(1).nullable(),
    workloadImage: z.string().min(1),
    kubernetesVersion: z.string().min(1),
    kindVersion: z.string().min(1),
    offline: z.boolean(),
    browser: z.string().min(1).nullable().optional(),
  }),
  keepCluster: z.boolean(),
  breakOnly: z.boolean(),
  keepOnFailure: z.boolean(),
  failOnRegression: z.boolean(),
  timeouts: z.object({ createMs: duration, commandMs: duration, readyMs: duration, damageMs: duration, settleMs: duration, imageLoadMs: duration }),
});
