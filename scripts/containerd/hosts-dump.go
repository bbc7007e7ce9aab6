// hosts-dump prints the registry hosts containerd derives from a certs.d folder for one registry, in the order its
// resolver tries them, using containerd's own hosts.toml loader (remotes/docker/config). Test tooling only.
//
//	hosts-dump <certs.d folder> <registry>
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/containerd/containerd/remotes/docker"
	"github.com/containerd/containerd/remotes/docker/config"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: hosts-dump <certs.d folder> <registry>")
		os.Exit(2)
	}
	hosts, err := config.ConfigureHosts(context.Background(), config.HostOptions{HostDir: config.HostDirFromRoot(os.Args[1])})(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, h := range hosts {
		var caps []string
		for _, c := range []struct {
			flag docker.HostCapabilities
			name string
		}{{docker.HostCapabilityPull, "pull"}, {docker.HostCapabilityResolve, "resolve"}, {docker.HostCapabilityPush, "push"}} {
			if h.Capabilities.Has(c.flag) {
				caps = append(caps, c.name)
			}
		}
		fmt.Printf("%s://%s%s %s\n", h.Scheme, h.Host, h.Path, strings.Join(caps, ","))
	}
}
