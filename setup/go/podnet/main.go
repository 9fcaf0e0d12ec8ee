// Command podnet is kubedrill's minimal CNI daemon for kind nodes that share
// one Docker network: it writes this node's CNI config from its podCIDR and
// routes every other node's podCIDR through that node's InternalIP. It stands
// in for kind's kindnetd, whose module the offline build cannot fetch.
package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

const (
	confPath   = "/etc/cni/net.d/10-podnet.conflist"
	syncPeriod = 10 * time.Second
)

func main() {
	nodeName := os.Getenv("NODE_NAME")
	if nodeName == "" {
		log.Fatal("NODE_NAME is not set (downward API fieldRef spec.nodeName)")
	}
	cfg, err := rest.InClusterConfig()
	if err != nil {
		log.Fatalf("in-cluster config: %v", err)
	}
	cfg.Timeout = 15 * time.Second
	client := kubernetes.NewForConfigOrDie(cfg)
	for {
		if err := sync(client, nodeName); err != nil {
			log.Printf("sync: %v", err)
		}
		time.Sleep(syncPeriod)
	}
}

func sync(client kubernetes.Interface, self string) error {
	nodes, err := client.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		return err
	}
	for _, node := range nodes.Items {
		if node.Spec.PodCIDR == "" {
			continue
		}
		if node.Name == self {
			if err := writeConf(node.Spec.PodCIDR); err != nil {
				return err
			}
			continue
		}
		ip := internalIP(node)
		if ip == "" {
			continue
		}
		if out, err := exec.Command("ip", "route", "replace", node.Spec.PodCIDR, "via", ip).CombinedOutput(); err != nil {
			return fmt.Errorf("route %s via %s: %v: %s", node.Spec.PodCIDR, ip, err, out)
		}
	}
	return nil
}

func internalIP(node corev1.Node) string {
	for _, a := range node.Status.Addresses {
		if a.Type == corev1.NodeInternalIP {
			return a.Address
		}
	}
	return ""
}

// writeConf rewrites the config only when it changes, and atomically, so the
// kubelet never reads a half-written file.
func writeConf(podCIDR string) error {
	conf := []byte(fmt.Sprintf(`{
  "cniVersion": "0.4.0",
  "name": "podnet",
  "plugins": [
    {"type": "ptp", "ipMasq": false, "mtu": 1500,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": %q}]], "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
`, podCIDR))
	if current, err := os.ReadFile(confPath); err == nil && bytes.Equal(current, conf) {
		return nil
	}
	tmp := filepath.Join(filepath.Dir(confPath), ".podnet.tmp")
	if err := os.WriteFile(tmp, conf, 0o644); err != nil {
		return err
	}
	log.Printf("CNI config for podCIDR %s", podCIDR)
	return os.Rename(tmp, confPath)
}
