import type { DrillCluster } from "../kind/cluster.js";
import type { KubeClients } from "../kube/clients.js";
import type { Expectations } from "../scenario/define.js";
import type { AvailabilityReport } from "../workload/availability.js";
import type { Baseline } from "./baseline.js";

/** VerifyInput is everything the verification checks look at. */
export interface VerifyInput {
  cluster: DrillCluster;
  kube: KubeClients;
  expectations: Expectations;
  baseline: Baseline;
  availability: AvailabilityReport;
  timeToRecoveryMs: number;
}
