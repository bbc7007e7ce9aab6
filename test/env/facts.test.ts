// Cluster facts as a network (src/env/facts.ts): what the schema's patterns cannot see, with positions in env.yaml.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkClusterFacts } from '../../src/env/facts.js';
import { SourceFile } from '../../src/schema/source.js';

const env = (cluster: string) => `cluster:\n${cluster.replace(/^/gm, '  ')}\n`;
const base = `nodeSubnet: 192.168.40.0/24
podCIDR: 10.244.0.0/16
serviceCIDR: 10.96.0.0/12
clusterDNS: 10.96.0.10
ingressVIP: 192.168.40.199
nodes:
  - { name: node1, ip: 192.168.40.181 }
  - { name: node2, ip: 192.168.40.182 }`;

function check(cluster: string): string[] {
  const text = env(cluster);
  return checkClusterFacts(parse(text).cluster, 'env.yaml', SourceFile.parse('env.yaml', text)).map((d) => `${d.line}:${d.col} ${d.pointer} ${d.message}`);
}

describe('cluster facts', () => {
  it("accept the course's network", () => {
    expect(check(base)).toEqual([]);
  });

  it.each([
    ['a prefix above 32', ['podCIDR: 10.244.0.0/16', 'podCIDR: 10.244.0.0/33'], '3:12 /cluster/podCIDR 10.244.0.0/33 is not an IPv4 CIDR'],
    ['a node outside the node subnet', ['ip: 192.168.40.182', 'ip: 192.168.41.182'], '9:26 /cluster/nodes/1/ip 192.168.41.182 is not inside nodeSubnet 192.168.40.0/24'],
    ['the broadcast address as VIP', ['ingressVIP: 192.168.40.199', 'ingressVIP: 192.168.40.255'], '6:15 /cluster/ingressVIP 192.168.40.255 is the network or broadcast address'],
    ['a service CIDR inside the node subnet', ['serviceCIDR: 10.96.0.0/12\nclusterDNS: 10.96.0.10', 'serviceCIDR: 192.168.40.0/28\nclusterDNS: 192.168.40.10'], '4:16 /cluster/serviceCIDR 192.168.40.0/28 overlaps nodeSubnet'],
  ])('report %s', (_name, [from, to], message) => {
    expect(check(base.replace(from!, to!))).toEqual([expect.stringContaining(message)]);
  });
});
