import { expect } from "chai";
import { BETWEEN_PHASES, fileNameOf, interruptedMessage } from "../../../harness/drill/report.js";

describe("drill report file names", () => {
  it("read like the drill id, with no brackets, spaces or trailing separators", () => {
    expect(fileNameOf("wipe-etc-kubernetes")).to.equal("wipe-etc-kubernetes");
    expect(fileNameOf("wipe-etc-kubernetes [3cp+1w]")).to.equal("wipe-etc-kubernetes-3cp-1w");
    expect(fileNameOf("kill-control-plane-pods · interrupted in wait-api-server")).to.equal("kill-control-plane-pods-interrupted-in-wait-api-server");
  });

  it("keep the drills of one scenario apart", () => {
    expect(fileNameOf("delete-sa-key [3cp+1w]")).to.not.equal(fileNameOf("delete-sa-key [1cp+2w]"));
  });
});

describe("an interrupted drill's verdict", () => {
  it("names the phase the interrupt landed in, or says it landed between phases", () => {
    expect(interruptedMessage({ signal: "SIGINT", during: "verify" })).to.equal("[interrupted] SIGINT during verify");
    expect(interruptedMessage({ signal: "SIGTERM", during: BETWEEN_PHASES })).to.equal("[interrupted] SIGTERM between phases");
  });
});
