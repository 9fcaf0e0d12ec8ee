import { expect } from "chai";
import { chooseMode, forcedMode } from "../../../setup/host/mode.js";
import { minFreeBytes, preflightProblems, type PreflightFacts } from "../../../setup/host/preflight.js";
import { mirrorFromSources } from "../../../setup/images/debian-mirror.js";
import { componentImages, imageName } from "../../../setup/images/components.js";
import { failingPackage, requiredVersion, versionLdflags } from "../../../setup/toolchain/go-components.js";
import { loadBalancerImageOf } from "../../../setup/toolchain/kind-facts.js";

describe("setup: online or offline", () => {
  it("builds nothing where kind and a registry are both there", () => {
    expect(chooseMode({ forced: undefined, kindOnPath: true, registryReachable: true })).to.equal("online");
  });
  it("builds offline without a registry, or without kind", () => {
    expect(chooseMode({ forced: undefined, kindOnPath: true, registryReachable: false })).to.equal("offline");
    expect(chooseMode({ forced: undefined, kindOnPath: false, registryReachable: true })).to.equal("offline");
  });
  it("follows KUBEDRILL_OFFLINE and rejects other values", () => {
    expect(chooseMode({ forced: forcedMode("1"), kindOnPath: true, registryReachable: true })).to.equal("offline");
    expect(forcedMode("0")).to.equal("online");
    expect(forcedMode(undefined)).to.equal(undefined);
    expect(() => forcedMode("yes")).to.throw(/KUBEDRILL_OFFLINE must be 1 or 0/);
  });
});

describe("setup: preflight", () => {
  const ok: PreflightFacts = { uid: 0, cgroupNamespaces: true, devKmsg: true, freeBytes: minFreeBytes.offline, goVersion: "go1.26.8" };

  it("passes a ready host", () => {
    expect(preflightProblems(ok, { offlineBuild: true })).to.deep.equal([]);
  });
  it("names every missing prerequisite", () => {
    const problems = preflightProblems({ uid: 1000, cgroupNamespaces: false, devKmsg: false, freeBytes: 1024 ** 3, goVersion: undefined }, { offlineBuild: true });
    expect(problems).to.have.length(5);
    expect(problems.join("\n")).to.match(/root/).and.match(/cgroup namespaces/).and.match(/\/dev\/kmsg/).and.match(/1\.0 GiB free/).and.match(/go/);
  });
  it("needs less disk and no Go when nothing is built", () => {
    expect(preflightProblems({ ...ok, freeBytes: minFreeBytes.online, goVersion: undefined }, { offlineBuild: false })).to.deep.equal([]);
  });
});

describe("setup: Debian mirror from the host's apt sources", () => {
  it("reads a deb822 stanza for the suite, skipping security and disabled ones", () => {
    const sources = [
      "Types: deb\nURIs: http://sec.example/debian-security\nSuites: bookworm-security\n",
      "Types: deb\nURIs: http://off.example/debian\nSuites: bookworm\nEnabled: no\n\nTypes: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\n",
    ];
    expect(mirrorFromSources(sources, "bookworm")).to.equal("http://mirror.example/debian");
  });
  it("reads a one-line sources.list entry with options", () => {
    expect(mirrorFromSources(["deb [arch=amd64] http://m.example/debian bookworm main\n"], "bookworm")).to.equal("http://m.example/debian");
  });
  it("finds nothing for another suite", () => {
    expect(mirrorFromSources(["deb http://m.example/debian trixie main\n"], "bookworm")).to.equal(undefined);
  });
});

describe("setup: Go pins", () => {
  const goMod = "module x\n\nrequire k8s.io/kubernetes v1.34.4\n\nrequire (\n\tsigs.k8s.io/kind v0.30.0\n)\n";
  it("reads pinned versions from go.mod", () => {
    expect(requiredVersion(goMod, "k8s.io/kubernetes")).to.equal("v1.34.4");
    expect(requiredVersion(goMod, "sigs.k8s.io/kind")).to.equal("v0.30.0");
    expect(() => requiredVersion(goMod, "k8s.io/api")).to.throw(/does not require/);
  });
  it("stamps the Kubernetes version where kubeadm and kubectl read it", () => {
    const flags = versionLdflags("v1.34.4");
    expect(flags).to.contain("-X k8s.io/component-base/version.gitVersion=v1.34.4");
    expect(flags).to.contain("-X k8s.io/client-go/pkg/version.gitMinor=34");
    expect(() => versionLdflags("1.34")).to.throw(/not a Kubernetes version/);
  });
  it("names the package a failed go build reports", () => {
    expect(failingPackage("go: downloading x\n# k8s.io/kubernetes/pkg/kubelet\npkg/kubelet/x.go:1: undefined: y\n")).to.equal("k8s.io/kubernetes/pkg/kubelet");
    expect(failingPackage("all good")).to.equal(undefined);
  });
  it("reads the load-balancer image a kind release hard-codes", () => {
    expect(loadBalancerImageOf('package loadbalancer\n\nconst Image = "docker.io/kindest/haproxy:v1"\n')).to.equal("docker.io/kindest/haproxy:v1");
    expect(() => loadBalancerImageOf("package x")).to.throw(/const Image/);
  });
});

describe("setup: component images", () => {
  const bins = Object.fromEntries(
    ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy", "etcd", "etcdctl", "etcdutl", "coredns", "pause", "podnet"].map((b) => [b, `/bin/${b}`]),
  );
  const listed = [
    "registry.k8s.io/kube-apiserver:v1.34.4",
    "registry.k8s.io/kube-proxy:v1.34.4",
    "registry.k8s.io/coredns/coredns:v1.12.1",
    "registry.k8s.io/pause:3.10.1",
    "registry.k8s.io/etcd:3.6.5-0",
  ];

  it("tags every image exactly as kubeadm lists it, plus the CNI daemon", () => {
    const images = componentImages(listed, bins, "kubedrill.local/podnet:k");
    expect(images.map((i) => i.tag)).to.deep.equal([...listed, "kubedrill.local/podnet:k"]);
    expect(images.find((i) => i.tag.includes("etcd"))!.binaries).to.deep.equal({ etcd: "/bin/etcd", etcdctl: "/bin/etcdctl", etcdutl: "/bin/etcdutl" });
    expect(images.find((i) => i.tag.includes("kube-proxy"))!.onRootfs).to.equal(true);
    expect(images.find((i) => i.tag.includes("coredns"))!.entrypoint).to.deep.equal(["/usr/local/bin/coredns"]);
  });
  it("names a binary a recipe needs that was not built", () => {
    const { etcdutl: _, ...withoutEtcdutl } = bins;
    expect(() => componentImages(listed, withoutEtcdutl, "p")).to.throw(/no built binary named etcdutl/);
  });
  it("refuses an image it has no recipe for", () => {
    expect(() => componentImages(["registry.k8s.io/new-thing:v1"], bins, "p")).to.throw(/cannot build: registry.k8s.io\/new-thing:v1/);
  });
  it("splits the repository from the tag, registry ports included", () => {
    expect(imageName("registry.k8s.io/etcd:3.6.5-0")).to.equal("registry.k8s.io/etcd");
    expect(imageName("localhost:5000/x")).to.equal("localhost:5000/x");
  });
});
