// Kernel modules and sysctls every node needs before kubeadm runs (§1.1.5), as systemd reads them at boot
// (modules-load.d, sysctl.d) instead of the course's /etc/rc.sysinit loop.

/** overlay and br_netfilter for containerd and bridged pod traffic; the IPVS modules kube-proxy's ipvs mode checks for
 *  (ip_vs + the rr scheduler it uses by default, wrr, sh; nf_conntrack, which is nf_conntrack_ipv4's successor and
 *  also exists on older kernels). */
const MODULES = ['overlay', 'br_netfilter', 'ip_vs', 'ip_vs_rr', 'ip_vs_wrr', 'ip_vs_sh', 'nf_conntrack'];

const SYSCTLS: Array<[string, string]> = [
  ['net.bridge.bridge-nf-call-ip6tables', '1'],
  ['net.bridge.bridge-nf-call-iptables', '1'],
  ['net.ipv4.ip_forward', '1'],
];

export function modulesLoadFile(header: string): string {
  return `${header}${MODULES.join('\n')}\n`;
}

export function sysctlFile(header: string): string {
  return `${header}${SYSCTLS.map(([k, v]) => `${k} = ${v}`).join('\n')}\n`;
}
