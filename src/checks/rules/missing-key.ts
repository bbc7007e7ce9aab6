import { containersOf, findingFor, namespaceOf, podTemplateOf } from '../kube.js';
import type { Finding, Rule, RuleContext } from '../types.js';

type Obj = Record<string, any>;
type Kind = 'ConfigMap' | 'Secret';

interface KeyRef {
  kind: Kind;
  name: string;
  key: string;
  path: string;
}

/** Keys a pod spec reads from ConfigMaps and Secrets by name; optional references are left out (a missing key is fine there). */
function keyRefs(spec: Obj, containers: Array<{ container: Obj; path: string }>, at: string): KeyRef[] {
  const refs: KeyRef[] = [];
  const add = (kind: Kind, name: unknown, key: unknown, path: string, optional?: unknown) => {
    if (typeof name === 'string' && typeof key === 'string' && optional !== true) refs.push({ kind, name, key, path });
  };
  const addItems = (kind: Kind, name: unknown, source: Obj, path: string) =>
    (source.items ?? []).forEach((item: Obj, i: number) => add(kind, name, item?.key, `${path}/items/${i}/key`, source.optional));
  for (const { container, path } of containers) {
    (container.env ?? []).forEach((e: Obj, i: number) => {
      const cm = e?.valueFrom?.configMapKeyRef;
      const sec = e?.valueFrom?.secretKeyRef;
      if (cm) add('ConfigMap', cm.name, cm.key, `${path}/env/${i}/valueFrom/configMapKeyRef/key`, cm.optional);
      if (sec) add('Secret', sec.name, sec.key, `${path}/env/${i}/valueFrom/secretKeyRef/key`, sec.optional);
    });
  }
  (spec.volumes ?? []).forEach((v: Obj, i: number) => {
    const vp = `${at}/spec/volumes/${i}`;
    if (v?.configMap) addItems('ConfigMap', v.configMap.name, v.configMap, `${vp}/configMap`);
    if (v?.secret) addItems('Secret', v.secret.secretName, v.secret, `${vp}/secret`);
    (v?.projected?.sources ?? []).forEach((s: Obj, j: number) => {
      const sp = `${vp}/projected/sources/${j}`;
      if (s?.configMap) addItems('ConfigMap', s.configMap.name, s.configMap, `${sp}/configMap`);
      if (s?.secret) addItems('Secret', s.secret.name, s.secret, `${sp}/secret`);
    });
  });
  return refs;
}

const keysIn = (...maps: unknown[]) => maps.flatMap((m) => (m && typeof m === 'object' ? Object.keys(m) : []));

/** The keys the object holds and where they are known from; undefined when nothing says (an external ref without `keys`). */
function knownKeys(ctx: RuleContext, kind: Kind, namespace: string | undefined, name: string): { keys: string[]; from: string } | undefined {
  const rendered = ctx.index.find(kind, namespace, name);
  if (rendered) {
    const o = rendered.object;
    const keys = kind === 'Secret' ? keysIn(o.data, o.stringData) : keysIn(o.data, o.binaryData);
    return { keys, from: `the rendered ${kind}` };
  }
  if (kind === 'Secret') {
    // A SealedSecret becomes the Secret of the same name; its keys are the ciphertexts' (plus template data).
    const sealed = ctx.index.find('SealedSecret', namespace, name);
    if (sealed) return { keys: keysIn(sealed.object.spec?.encryptedData, sealed.object.spec?.template?.data), from: 'the rendered SealedSecret' };
  }
  const list = kind === 'Secret' ? ctx.env.external?.secrets : ctx.env.external?.configMaps;
  const ext = (list ?? []).find((r) => r.name === name && r.namespace === namespace);
  if (ext?.keys) return { keys: ext.keys, from: `env external.${kind === 'Secret' ? 'secrets' : 'configMaps'}` };
  return undefined;
}

export const missingKey: Rule = {
  id: 'missing-key',
  severity: 'error',
  description:
    'Every key a pod reads from a ConfigMap or Secret (env valueFrom, volume and projected items) must be a key of the rendered object or of the keys the env declares for an external one; otherwise the pod never starts.',
  check(ctx) {
    const out: Finding[] = [];
    for (const ro of ctx.objects) {
      const tpl = podTemplateOf(ro.object);
      if (!tpl) continue;
      const ns = namespaceOf(ro.object);
      for (const r of keyRefs(tpl.spec, containersOf(tpl), tpl.path)) {
        // Missing objects are missing-reference's finding; unknown key sets cannot be checked.
        const known = knownKeys(ctx, r.kind, ns, r.name);
        if (!known || known.keys.includes(r.key)) continue;
        const have = known.keys.length ? known.keys.join(', ') : 'none';
        out.push(findingFor(this, ro, `${r.kind} ${ns}/${r.name} has no key "${r.key}" (keys in ${known.from}: ${have})`, r.path));
      }
    }
    return out;
  },
};
