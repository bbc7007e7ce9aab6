// /etc/crictl.yaml (§1.2.4): crictl talks to containerd's CRI socket for containers and images alike.
import { toYamlFile } from '../output/layout.js';
import type { HostPlan } from './facts.js';

export function crictlConfig(plan: HostPlan, header: string): string {
  const socket = plan.containerd.criSocket;
  return header + toYamlFile({ 'runtime-endpoint': socket, 'image-endpoint': socket, timeout: 10, debug: false });
}
