import type { DrillCluster } from "../kind/cluster.js";
import type { KubeClients } from "../kube/clients.js";
import type { Expectations } from "../scenario/define.js";
import type { Baseline } from "./baseline.js";
import type { Check } from "./check.js";

/** The cluster as the checks see it: API clients and node access. */
export interface ClusterAccess {
  cluster: DrillCluster;
  kube: KubeClients;
}

/**
 * Freshness: status written before this moment (clock ms; the end of the breakage) proves
 * nothing, since nobody may have updated it while the control plane was down.
 */
export interface Freshness {
  since: number;
}

/** VerifyInput is everything the verification checks look at. */
export interface VerifyInput extends ClusterAccess, Freshness {
  expectations: Expectations;
  baseline: Baseline;
  /** How many sentinel web pods there are (one per worker). */
  webReplicas: number;
  /** What was written after the scenario's preparation, just before the breakage. */
  lateRecord: Record<string, string>;
  /** Kubelets serve certificates from CSRs: their issuer is checked too. */
  kubeletServingCertificates: boolean;
  /** The scenario's own checks, bound to the drill. */
  custom: Check[];
  /** Requests from outside the cluster, as the prober makes them. */
  dataPlane: DataPlane;
}

/** DataPlane makes one HTTP request to a node's port from the cluster's Docker network; resolves with the response ("" when none). */
export interface DataPlane {
  get(node: string, port: number): Promise<string>;
}
