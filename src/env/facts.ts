// Cluster facts checked as a network, not as text: the env schema only matches patterns, so `10.244.0.300/16`, a pod
// CIDR equal to the service CIDR or a VIP that is a node's own address would validate, render and lint clean.
import { Diagnostic } from '../schema/diagnostic.js';
import type { SourceFile } from '../schema/source.js';

interface Net {
  base: number;
  bits: number;
}

function parseIp(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function formatIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

const size = (bits: number) => 2 ** (32 - bits);
const contains = (net: Net, ip: number) => ip >= net.base && ip < net.base + size(net.bits);
const overlaps = (a: Net, b: Net) => a.base < b.base + size(b.bits) && b.base < a.base + size(a.bits);
const show = (net: Net) => `${formatIp(net.base)}/${net.bits}`;

/** Every problem of the facts under `/cluster` of an env file, with file:line:col. */
export function checkClusterFacts(cluster: Record<string, any>, file: string, source: SourceFile): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const report = (pointer: string, message: string) =>
    problems.push(new Diagnostic({ file, ...source.locate(`/cluster${pointer}`), pointer: `/cluster${pointer}`, message }));

  const cidr = (key: 'nodeSubnet' | 'podCIDR' | 'serviceCIDR'): Net | undefined => {
    const text = String(cluster[key]);
    const [ip, bits] = text.split('/');
    const base = parseIp(ip ?? '');
    if (base === undefined || !/^\d{1,2}$/.test(bits ?? '') || Number(bits) > 32) {
      report(`/${key}`, `${text} is not an IPv4 CIDR (a.b.c.d/n, each octet 0-255, n 0-32)`);
      return undefined;
    }
    const net = { base: base - (base % size(Number(bits))), bits: Number(bits) };
    if (net.base !== base) {
      report(`/${key}`, `host bits set in ${text}: the network is ${show(net)}`);
      return undefined;
    }
    return net;
  };
  const nets = { nodeSubnet: cidr('nodeSubnet'), podCIDR: cidr('podCIDR'), serviceCIDR: cidr('serviceCIDR') };
  // Reported at the first of each pair: the pod and service networks are the ones chosen freely at kubeadm init.
  const pairs = [['podCIDR', 'serviceCIDR'], ['podCIDR', 'nodeSubnet'], ['serviceCIDR', 'nodeSubnet']] as const;
  for (const [a, b] of pairs) {
    const [x, y] = [nets[a], nets[b]];
    if (x && y && overlaps(x, y)) report(`/${a}`, `${show(x)} overlaps ${b} ${show(y)}: pod, service and node networks must be disjoint`);
  }

  const address = (pointer: string, text: unknown): number | undefined => {
    const ip = parseIp(String(text));
    if (ip === undefined) report(pointer, `${String(text)} is not an IPv4 address`);
    return ip;
  };
  const dns = address('/clusterDNS', cluster.clusterDNS);
  if (dns !== undefined && nets.serviceCIDR && !contains(nets.serviceCIDR, dns)) {
    report('/clusterDNS', `${cluster.clusterDNS} is not inside serviceCIDR ${show(nets.serviceCIDR)}: the cluster DNS is a Service IP`);
  }
  const nodes: Array<Record<string, any>> = Array.isArray(cluster.nodes) ? cluster.nodes : [];
  const byIp = new Map<number, string>();
  nodes.forEach((node, i) => {
    const ip = address(`/nodes/${i}/ip`, node.ip);
    if (ip === undefined) return;
    const other = byIp.get(ip);
    if (other !== undefined) report(`/nodes/${i}/ip`, `${node.ip} is also node ${other}'s address: node IPs must be unique`);
    else byIp.set(ip, String(node.name));
    if (nets.nodeSubnet && !contains(nets.nodeSubnet, ip)) report(`/nodes/${i}/ip`, `${node.ip} is not inside nodeSubnet ${show(nets.nodeSubnet)}`);
  });
  const vip = address('/ingressVIP', cluster.ingressVIP);
  if (vip !== undefined) {
    if (nets.nodeSubnet && !contains(nets.nodeSubnet, vip)) {
      report('/ingressVIP', `${cluster.ingressVIP} is not inside nodeSubnet ${show(nets.nodeSubnet)}: keepalived adds the VIP to the nodes' NIC`);
    } else if (byIp.has(vip)) {
      report('/ingressVIP', `${cluster.ingressVIP} is node ${byIp.get(vip)}'s own address: the VIP must be a free address`);
    } else if (nets.nodeSubnet && nets.nodeSubnet.bits < 31 && (vip === nets.nodeSubnet.base || vip === nets.nodeSubnet.base + size(nets.nodeSubnet.bits) - 1)) {
      report('/ingressVIP', `${cluster.ingressVIP} is the network or broadcast address of nodeSubnet ${show(nets.nodeSubnet)}`);
    }
  }
  return problems;
}
