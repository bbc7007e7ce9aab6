// Helm v3.17's releaseutil.SortManifests and the `helm template` printer: rendered files → documents → hooks vs
// manifests in install order → `---\n# Source: …` text.
import { jsonKind } from '../goencoding/json.js';
import { parseYamlShared } from '../goencoding/yaml.js';
import { isMap, setOwn } from '../gotemplate/values.js';
import { HelmError } from './errors.js';
import { quote } from '../gotemplate/strconv.js';
import { goTrimSpace } from './gostrings.js';
import { logf } from './log.js';

/** releaseutil.InstallOrder (v3): kinds not listed go last, ordered by kind name. */
export const INSTALL_ORDER: readonly string[] = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

const KIND_RANK = new Map(INSTALL_ORDER.map((k, i) => [k, i]));

/** Hook names helm knows; a document with any other `helm.sh/hook` value is dropped. */
const HOOK_EVENTS = new Set([
  'pre-install',
  'post-install',
  'pre-delete',
  'post-delete',
  'pre-upgrade',
  'post-upgrade',
  'pre-rollback',
  'post-rollback',
  'test',
  'test-success',
]);

/** One document of the output: `source` is the `# Source:` path; `testHook`: a hook of the test event (`test`, or
 *  Helm 2's `test-success`), which --skip-tests leaves out. */
export interface ManifestDoc {
  source: string;
  content: string;
  kind: string;
  hook: boolean;
  testHook: boolean;
}

/** SplitManifests (v3): split on `---` lines, trim each document, drop empty ones. */
export function splitManifests(text: string): string[] {
  // Go's regexp `\s` is [\t\n\f\r ], narrower than JS's.
  const docs = goTrimSpace(text).split(/(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/);
  return docs.filter((d) => d !== '').map(goTrimSpace);
}

/** SortManifests: files by path, skip partials and blank output, classify each document, sort by kind. */
export function sortManifests(files: Map<string, string>): { manifests: ManifestDoc[]; hooks: ManifestDoc[] } {
  const manifests: ManifestDoc[] = [];
  const hooks: ManifestDoc[] = [];
  const paths = [...files.keys()].sort(compareBytes);
  for (const path of paths) {
    const content = files.get(path)!;
    if (path.slice(path.lastIndexOf('/') + 1).startsWith('_')) continue;
    if (goTrimSpace(content) === '') continue;
    for (const doc of splitManifests(content)) {
      const head = simpleHead(doc, path);
      const hookValue = head.annotations?.['helm.sh/hook'];
      if (hookValue === undefined) {
        manifests.push({ source: path, content: doc, kind: head.kind, hook: false, testHook: false });
        continue;
      }
      const events = hookValue.split(',').map((h) => goTrimSpace(h).toLowerCase());
      if (!events.every((e) => HOOK_EVENTS.has(e))) {
        logf('manifest_sorter.go:190', `info: skipping unknown hook: ${quote(hookValue)}`);
        continue;
      }
      const testHook = events.some((e) => e === 'test' || e === 'test-success');
      hooks.push({ source: path, content: doc, kind: head.kind, hook: true, testHook });
    }
  }
  return { manifests: sortByKind(manifests), hooks: sortByKind(hooks) };
}

/** Stable sort by install order; unknown kinds last, alphabetically. */
export function sortByKind<T extends { kind: string }>(docs: T[]): T[] {
  return docs
    .map((d, i) => ({ d, i }))
    .sort((a, b) => lessByKind(a.d.kind, b.d.kind) || a.i - b.i)
    .map((x) => x.d);
}

function lessByKind(a: string, b: string): number {
  const ra = KIND_RANK.get(a);
  const rb = KIND_RANK.get(b);
  if (ra === undefined && rb === undefined) return a === b ? 0 : a < b ? -1 : 1;
  if (ra === undefined) return 1;
  if (rb === undefined) return -1;
  return ra - rb;
}

/** releaseutil.SimpleHead: kind and annotations, decoded through sigs.k8s.io/yaml into typed fields. */
function simpleHead(doc: string, path: string): { kind: string; annotations?: Record<string, string> } {
  let v: unknown;
  try {
    v = parseYamlShared(doc);
  } catch (e) {
    throw new HelmError(`YAML parse error on ${path}: ${(e as Error).message}`);
  }
  if (v === null || v === undefined) return { kind: '' };
  if (!isMap(v)) {
    throw new HelmError(
      `YAML parse error on ${path}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type releaseutil.SimpleHead`,
    );
  }
  const kind = headString(v['kind'], 'kind', path);
  const md = v['metadata'];
  if (md === null || md === undefined) return { kind };
  if (!isMap(md)) throw structFieldError(path, jsonKind(md), 'metadata', 'struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }');
  const ann = md['annotations'];
  if (ann === null || ann === undefined) return { kind };
  if (!isMap(ann)) throw structFieldError(path, jsonKind(ann), 'metadata.annotations', 'map[string]string');
  const annotations: Record<string, string> = {};
  for (const [k, val] of Object.entries(ann)) setOwn(annotations, k, headString(val, `metadata.annotations`, path));
  return { kind, annotations };
}

/** sigs.k8s.io/yaml turns YAML scalars into strings when the Go field is a string. */
function headString(v: unknown, field: string, path: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  throw structFieldError(path, jsonKind(v), field, 'string');
}

function structFieldError(path: string, kind: string, field: string, type: string): HelmError {
  return new HelmError(
    `YAML parse error on ${path}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go struct field SimpleHead.${field} of type ${type}`,
  );
}

/** Go's sort.Strings order (bytes of UTF-8). */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
