#!/usr/bin/env bash
# Regenerates this wrapper module for another Kubernetes patch release.
# k8s.io/kubernetes replaces its staging modules with local paths, which
# `go install` refuses; pinning each one to its published v0.x tag makes
# the commands buildable from the module proxy.
set -euo pipefail
version=${1:?usage: pin.sh v1.34.N}
cd "$(dirname "$0")"
upstream=$(go mod download -json "k8s.io/kubernetes@${version}" | jq -r .GoMod)
staging=$(grep -oE '^\s*k8s\.io/[a-z0-9-]+ => \./staging' "$upstream" | awk '{print $1}')
{
  echo "module kubedrill.local/kubernetes-build"
  echo
  grep -E '^(go|godebug) ' "$upstream"
  echo
  echo "require k8s.io/kubernetes ${version}"
  echo
  echo "replace ("
  for m in $staging; do echo "	$m => $m v0${version#v1}"; done
  echo ")"
} > go.mod
rm -f go.sum
for cmd in kubeadm kubelet kubectl kube-apiserver kube-controller-manager kube-scheduler kube-proxy; do
  GOFLAGS=-mod=mod go get -tool "k8s.io/kubernetes/cmd/${cmd}@${version}"
done
