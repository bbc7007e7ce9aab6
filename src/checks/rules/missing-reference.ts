import { containersOf, findingFor, namespaceOf, podTemplateOf } from '../kube.js';
import type { Finding, Rule } from '../types.js';

type Obj = Record<string, any>;

interface Ref {
  kind: 'ConfigMap' | 'Secret' | 'ServiceAccount';
  name: string;
  path: string;
}

/** ConfigMap/Secret/ServiceAccount references of a pod spec; optional references are left out. */
function podRefs(spec: Obj, at: string): Ref[] {
  const refs: Ref[] = [];
  const add = (kind: Ref['kind'], name: unknown, path: string, optional?: unknown) => {
    if (typeof name === 'string' && name !== '' && optional !== true) refs.push({ kind, name, path });
  };
  add('ServiceAccount', spec.serviceAccountName ?? spec.serviceAccount, `${at}/spec/serviceAccountName`);
  (spec.imagePullSecrets ?? []).forEach((s: Obj, i: number) => add('Secret', s?.name, `${at}/spec/imagePullSecrets/${i}/name`));
  (spec.volumes ?? []).forEach((v: Obj, i: number) => {
    const vp = `${at}/spec/volumes/${i}`;
    add('ConfigMap', v?.configMap?.name, `${vp}/configMap/name`, v?.configMap?.optional);
    add('Secret', v?.secret?.secretName, `${vp}/secret/secretName`, v?.secret?.optional);
    (v?.projected?.sources ?? []).forEach((s: Obj, j: number) => {
      add('ConfigMap', s?.configMap?.name, `${vp}/projected/sources/${j}/configMap/name`, s?.configMap?.optional);
      add('Secret', s?.secret?.name, `${vp}/projected/sources/${j}/secret/name`, s?.secret?.optional);
    });
  });
  return refs;
}

function containerRefs(c: Obj, at: string): Ref[] {
  const refs: Ref[] = [];
  (c.envFrom ?? []).forEach((e: Obj, i: number) => {
    if (e?.configMapRef?.name && e.configMapRef.optional !== true) refs.push({ kind: 'ConfigMap', name: e.configMapRef.name, path: `${at}/envFrom/${i}/configMapRef/name` });
    if (e?.secretRef?.name && e.secretRef.optional !== true) refs.push({ kind: 'Secret', name: e.secretRef.name, path: `${at}/envFrom/${i}/secretRef/name` });
  });
  (c.env ?? []).forEach((e: Obj, i: number) => {
    const cm = e?.valueFrom?.configMapKeyRef;
    const sec = e?.valueFrom?.secretKeyRef;
    if (cm?.name && cm.optional !== true) refs.push({ kind: 'ConfigMap', name: cm.name, path: `${at}/env/${i}/valueFrom/configMapKeyRef/name` });
    if (sec?.name && sec.optional !== true) refs.push({ kind: 'Secret', name: sec.name, path: `${at}/env/${i}/valueFrom/secretKeyRef/name` });
  });
  return refs;
}

const EXTERNAL_KEY: Record<Ref['kind'], string> = {
  ConfigMap: 'external.configMaps',
  Secret: 'external.secrets',
  ServiceAccount: 'external.serviceAccounts',
};

export const missingReference: Rule = {
  id: 'missing-reference',
  severity: 'error',
  description: 'ConfigMaps, Secrets and ServiceAccounts that pods and Ingress TLS use must exist, be built in, or be declared external in the env.',
  check(ctx) {
    const out: Finding[] = [];
    for (const ro of ctx.objects) {
      const ns = namespaceOf(ro.object);
      const refs: Ref[] = [];
      const tpl = podTemplateOf(ro.object);
      if (tpl) {
        refs.push(...podRefs(tpl.spec, tpl.path));
        for (const { container, path } of containersOf(tpl)) refs.push(...containerRefs(container, path));
      }
      if (ro.object.kind === 'Ingress') {
        (ro.object.spec?.tls ?? []).forEach((t: Obj, i: number) => {
          if (typeof t?.secretName === 'string') refs.push({ kind: 'Secret', name: t.secretName, path: `/spec/tls/${i}/secretName` });
        });
      }
      for (const r of refs) {
        if (!ctx.index.exists(r.kind, ns, r.name)) {
          out.push(findingFor(this, ro, `${r.kind} ${r.name} does not exist in namespace ${ns} (not rendered, not built in, not in env ${EXTERNAL_KEY[r.kind]})`, r.path));
        }
      }
    }
    return out;
  },
};
