// containerd's files on every node: /etc/containerd/config.toml as the course leaves it after `containerd config
// default` and its three edits (§1.2.2, §1.2.5) — only the settings that differ from containerd's defaults, which the
// daemon merges in — and one certs.d/<registry>/hosts.toml per mirrored registry.
import type { HostPlan, RegistryMirror } from './facts.js';
import { toToml, type TomlTable } from './toml.js';

export const CERTS_DIR = '/etc/containerd/certs.d';
const CRI = ['plugins', 'io.containerd.grpc.v1.cri'];

export function containerdConfig(plan: HostPlan, header: string): string {
  const tables: TomlTable[] = [
    { path: [], values: { version: 2 } },
    { path: ['grpc'], values: { address: plan.containerd.criSocket.replace(/^unix:\/\//, '') } },
    { path: CRI, values: { sandbox_image: plan.containerd.sandboxImage } },
    // Declaring the runc runtime replaces containerd's default entry for it, so its type is restated.
    { path: [...CRI, 'containerd', 'runtimes', 'runc'], values: { runtime_type: 'io.containerd.runc.v2' } },
    // The kubelet runs with cgroupDriver systemd (kubeadm.yaml); both must use the same cgroup manager.
    { path: [...CRI, 'containerd', 'runtimes', 'runc', 'options'], values: { SystemdCgroup: true } },
    { path: [...CRI, 'registry'], values: { config_path: CERTS_DIR } },
  ];
  return header + toToml(tables);
}

/** hosts.toml of one registry: its mirrors in order; the registry itself stays the last resort (containerd's default). */
export function registryHostsFile(mirror: RegistryMirror, header: string): string {
  return (
    header +
    toToml(
      mirror.endpoints.map((endpoint): TomlTable => ({
        path: ['host', endpoint],
        values: mirror.capabilities ? { capabilities: mirror.capabilities } : {},
      })),
    )
  );
}
