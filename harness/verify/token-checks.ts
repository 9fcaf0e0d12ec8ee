import { expect } from "chai";
import type { KubeClients } from "../kube/clients.js";
import { legacyToken, mountedToken } from "../workload/sentinels.js";
import type { Check } from "./check.js";
import type { VerifyInput } from "./input.js";
import { issueToken, tokenIsValid } from "./tokens.js";

/** mustValidate builds a check that a token from some source passes TokenReview. */
const mustValidate =
  (name: string, token: (kube: KubeClients) => Promise<string>) =>
  ({ kube }: Pick<VerifyInput, "kube">): Check => ({
    name,
    async run() {
      expect(await tokenIsValid(kube, await token(kube)), name).to.equal(true);
    },
  });

export const freshToken = mustValidate("a fresh TokenRequest token passes TokenReview", (kube) => issueToken(kube, 600));
export const sentinelPodToken = mustValidate("the token-sentinel pod's mounted token passes TokenReview", mountedToken);
export const legacySecretToken = mustValidate("the legacy token Secret passes TokenReview", legacyToken);

export const preDrillToken = ({ kube, baseline, expectations }: VerifyInput): Check => ({
  name: `the token issued before the drill is ${expectations.preDrillToken}`,
  async run() {
    const valid = await tokenIsValid(kube, baseline.preDrillToken);
    expect(valid ? "valid" : "invalid", "pre-drill token TokenReview").to.equal(expectations.preDrillToken);
  },
});
