// `bundle env new <name> --from <env>`: a new overlay folder that takes its releases, values, waivers, external
// objects and declared CRDs from an existing env, and leaves every fact about the new cluster as a TODO. The env
// loader refuses TODO values at their line (todoProblems), so the env validates only once they are filled in.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';
import type { SourceFile } from '../schema/source.js';
import { projectRoot } from './load.js';
import type { Environment } from './types.js';

const schemasDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../schemas');

export const TODO = 'TODO';

/** The cluster facts of a new env: placeholders the user must replace, each with what belongs there. */
const CLUSTER = `name: TODO                 # the cluster's name: its Argo CD bootstrap is argocd/<name>/ (an env of the same cluster shares it)
kubernetesVersion: TODO    # the control plane's version, e.g. "1.25.0" (quoted)
nodeSubnet: TODO           # host network of the node IPs and the ingress VIP, e.g. 192.168.40.0/24
podCIDR: TODO              # kubeadm's podSubnet, e.g. 10.244.0.0/16
serviceCIDR: TODO          # kubeadm's serviceSubnet, e.g. 10.96.0.0/12
clusterDNS: TODO           # CoreDNS's Service IP: the 10th address of serviceCIDR, e.g. 10.96.0.10
dnsDomain: cluster.local   # kubeadm's default; change it if the cluster's differs
interface: TODO            # host NIC carrying the node IPs and the VIP, e.g. eth0
ingressVIP: TODO           # keepalived's virtual IP in nodeSubnet, no node's address
nfs:
  server: TODO             # NFS server of the nfs StorageClass and the static volumes
  path: TODO               # its export, e.g. /data/nfs_pro
nodes:                     # every node; one control-plane node
  - name: TODO
    ip: TODO
    roles: [control-plane]
    labels: { kubernetes.io/hostname: TODO }
    taints: [{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }]`;

/** The TODO facts, plus the hosts and services outside the cluster that the source's charts use, by name: their
 *  addresses in the new cluster are TODOs too. */
function clusterFacts(from: Environment): string {
  const lines = [CLUSTER];
  const hosts = from.cluster.extraHosts ?? [];
  if (hosts.length > 0) {
    lines.push(`extraHosts:                # hosts outside the cluster that workloads reach (as in ${from.name})`);
    for (const h of hosts) lines.push(`  - { name: ${h.name}, ip: TODO }`);
  }
  const services = from.cluster.externalServices ?? [];
  if (services.length > 0) {
    lines.push(`externalServices:          # services outside Kubernetes the charts expose (as in ${from.name}), each on a node or an extra host`);
    for (const x of services) lines.push(`  - { name: ${x.name}, ip: TODO, port: ${x.port}${x.protocol ? `, protocol: ${x.protocol}` : ''} }`);
  }
  return `${lines.join('\n')}\n`;
}

export interface Scaffold {
  dir: string;
  /** Path relative to `dir` → content. */
  files: Map<string, string>;
}

/** The files of overlays/<name>/ for a new env taken from `from`; throws when the name is taken or invalid. */
export function scaffoldEnv(name: string, from: Environment, fromArg: string): Scaffold {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    throw new DiagnosticError([new Diagnostic({ message: `env name "${name}" is invalid: expected lower-case letters, digits and '-' (a DNS label), as env.schema.json requires` })]);
  }
  const dir = join(projectRoot(from.dir), 'overlays', name);
  if (existsSync(dir)) throw new DiagnosticError([new Diagnostic({ file: dir, message: `env ${name} exists already (${relative(process.cwd(), dir) || dir}); pick another name or remove it` })]);
  const files = new Map<string, string>();
  // Everything of the source folder but its env file: values, declared CRDs, whatever its paths point at.
  for (const e of readdirSync(from.dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const rel = relative(from.dir, join(e.parentPath, e.name));
    if (rel !== 'env.yaml') files.set(rel, readFileSync(join(e.parentPath, e.name), 'utf8'));
  }
  files.set('env.yaml', envFile(name, from, fromArg, dir));
  return { dir, files };
}

function envFile(name: string, from: Environment, fromArg: string, dir: string): string {
  const doc = parseDocument(readFileSync(from.file, 'utf8'));
  const root = doc.contents;
  if (!isMap(root)) throw new Error(`${from.file}: not a map`);
  // The source's own header describes the source.
  root.commentBefore = undefined;
  const first = root.items[0]?.key as Node | undefined;
  if (first) first.commentBefore = undefined;
  doc.set('name', name);
  doc.set('cluster', parseDocument(clusterFacts(from)).contents);
  doc.deleteIn(['argocd', 'targetRevision']);
  doc.deleteIn(['argocd', 'project']);
  doc.setIn(['argocd', 'destination'], parseDocument(`{ server: TODO }  # where this env's Argo CD deploys: its API server URL (https://kubernetes.default.svc when Argo CD runs on this cluster), or { name: <cluster in Argo CD> }`).contents);
  rebase(doc, from.dir, dir);
  // The repository's own schemas when it has them (this one does), else the installed tool's.
  const own = join(projectRoot(from.dir), 'schemas', 'env.schema.json');
  const schema = existsSync(own) ? relative(dir, own) : join(schemasDir, 'env.schema.json');
  const header = [
    ` yaml-language-server: $schema=${schema}`,
    ` Env ${name}, made by \`bundle env new ${name} --from ${fromArg}\`: releases, values, waivers, external objects and`,
    ` CRDs as in ${from.name}. Every TODO is a fact about the new cluster; \`bundle validate env/${name}\` names each one`,
    ' left (file:line) and fails until all are filled in. The Argo CD branch and project default to env/<name> and <name>.',
  ];
  doc.commentBefore = header.join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** Paths in the env file are relative to its folder: those leaving the copied folder are rewritten for the new one. */
function rebase(doc: Document, fromDir: string, toDir: string): void {
  const fix = (p: unknown) => {
    if (typeof p !== 'string' || isAbsolute(p)) return p;
    const abs = resolve(fromDir, p);
    return abs === fromDir || abs.startsWith(`${fromDir}/`) ? p : relative(toDir, abs);
  };
  const scalar = (path: Array<string | number>) => {
    const node = doc.getIn(path, true);
    if (isScalar(node)) node.value = fix(node.value);
  };
  scalar(['base']);
  const crds = doc.get('crds', true);
  if (isSeq(crds)) crds.items.forEach((_, i) => scalar(['crds', i]));
  const releases = doc.get('releases', true);
  if (!isSeq(releases)) return;
  releases.items.forEach((r, i) => {
    if (!isMap(r)) return;
    const chart = doc.getIn(['releases', i, 'chart']);
    if (typeof chart === 'string' && chart.includes('/')) scalar(['releases', i, 'chart']);
    const values = doc.getIn(['releases', i, 'values'], true);
    if (isSeq(values)) values.items.forEach((_, j) => scalar(['releases', i, 'values', j]));
  });
}

/** Every TODO placeholder left in an env file, at its line and column (before the schema would word it less kindly). */
export function todoProblems(data: unknown, file: string, source: SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (v: unknown, pointer: string) => {
    if (v === TODO) {
      out.push(new Diagnostic({ file, ...source.locate(pointer), pointer, message: 'TODO: fill in this value (the comment beside it says what belongs there)' }));
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${pointer}/${i}`));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(data, '');
  return out;
}
