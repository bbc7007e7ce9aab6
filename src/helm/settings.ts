// cli.EnvSettings.Namespace(): the release namespace when -n is not given. Helm asks client-go's kubeconfig loader:
// -n (or $HELM_NAMESPACE) wins; otherwise the namespace of the kubeconfig's current (or --kube-context) context when
// that kubeconfig is usable; otherwise "default". Nothing here talks to a cluster.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseYaml } from '../goencoding/yaml.js';
import { isMap } from '../gotemplate/values.js';

export interface NamespaceSources {
  /** -n/--namespace, when given. */
  flag?: string;
  kubeconfig?: string;
  kubeContext?: string;
  env: Record<string, string | undefined>;
}

export function releaseNamespace(s: NamespaceSources): string {
  const override = s.flag ?? s.env['HELM_NAMESPACE'] ?? '';
  if (override !== '') return override;
  return kubeconfigNamespace(s) ?? 'default';
}

type Entry = Record<string, unknown>;

/** The namespace of the selected context of a usable kubeconfig (client-go's ConfirmUsable, in brief). */
function kubeconfigNamespace(s: NamespaceSources): string | undefined {
  const files = s.kubeconfig
    ? [s.kubeconfig]
    : s.env['KUBECONFIG']
      ? s.env['KUBECONFIG'].split(':').filter((f) => f !== '')
      : [join(s.env['HOME'] ?? homedir(), '.kube', 'config')];
  let current: string | undefined;
  const contexts = new Map<string, Entry>();
  const clusters = new Map<string, Entry>();
  const users = new Set<string>();
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(file, 'utf8'));
    } catch {
      // An explicit file must load; a missing one in $KUBECONFIG is skipped.
      if (s.kubeconfig) return undefined;
      continue;
    }
    if (!isMap(doc)) continue;
    if (current === undefined && typeof doc['current-context'] === 'string' && doc['current-context'] !== '') current = doc['current-context'];
    for (const [list, into] of [
      ['contexts', contexts],
      ['clusters', clusters],
    ] as const) {
      for (const item of Array.isArray(doc[list]) ? doc[list] : []) {
        if (isMap(item) && typeof item['name'] === 'string' && !into.has(item['name'])) {
          into.set(item['name'], isMap(item[list.slice(0, -1)]) ? (item[list.slice(0, -1)] as Entry) : {});
        }
      }
    }
    for (const item of Array.isArray(doc['users']) ? doc['users'] : []) {
      if (isMap(item) && typeof item['name'] === 'string') users.add(item['name']);
    }
  }
  const name = s.kubeContext || current;
  if (!name) return undefined;
  const context = contexts.get(name);
  if (!context) return undefined;
  const cluster = typeof context['cluster'] === 'string' ? clusters.get(context['cluster']) : undefined;
  if (!cluster || typeof cluster['server'] !== 'string' || cluster['server'] === '') return undefined;
  if (typeof context['user'] === 'string' && context['user'] !== '' && !users.has(context['user'])) return undefined;
  const ns = context['namespace'];
  return typeof ns === 'string' && ns !== '' ? ns : 'default';
}
