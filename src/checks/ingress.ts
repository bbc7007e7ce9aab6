// Ingress reading shared by the ingress rules: backends, class, host/path pairs, and which IngressClass
// controllers the bundle's workloads implement.
import { annotation, containersOf, podTemplateOf } from './kube.js';
import type { RenderedObject } from './types.js';

type Obj = Record<string, any>;

export interface Backend {
  service: string;
  port: { number?: number; name?: string };
  path: string;
}

export function backendsOf(ingress: Obj): Backend[] {
  const out: Backend[] = [];
  const add = (b: Obj | undefined, path: string) => {
    if (b?.service?.name) out.push({ service: String(b.service.name), port: b.service.port ?? {}, path });
  };
  add(ingress.spec?.defaultBackend, '/spec/defaultBackend');
  (ingress.spec?.rules ?? []).forEach((r: Obj, i: number) =>
    (r?.http?.paths ?? []).forEach((p: Obj, j: number) => add(p?.backend, `/spec/rules/${i}/http/paths/${j}/backend`)),
  );
  return out;
}

/** spec.ingressClassName, or the legacy annotation controllers still honour. */
export function ingressClassOf(ingress: Obj): string | undefined {
  return ingress.spec?.ingressClassName ?? annotation(ingress, 'kubernetes.io/ingress.class');
}

export function isCanary(ingress: Obj): boolean {
  return annotation(ingress, 'nginx.ingress.kubernetes.io/canary') === 'true';
}

/** "host path" pairs routed by the ingress. */
export function routesOf(ingress: Obj): Array<{ host: string; path: string; at: string }> {
  const out: Array<{ host: string; path: string; at: string }> = [];
  (ingress.spec?.rules ?? []).forEach((r: Obj, i: number) =>
    (r?.http?.paths ?? []).forEach((p: Obj, j: number) =>
      out.push({ host: String(r.host ?? ''), path: String(p?.path ?? '/'), at: `/spec/rules/${i}/http/paths/${j}` }),
    ),
  );
  return out;
}

const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';

/** IngressClass controller values implemented by the bundle's workloads. */
export function servedControllers(objects: RenderedObject[]): Set<string> {
  const served = new Set<string>();
  for (const ro of objects) {
    const tpl = podTemplateOf(ro.object);
    if (!tpl) continue;
    for (const { container } of containersOf(tpl)) {
      const args: string[] = [...(container.command ?? []), ...(container.args ?? [])].map(String);
      const flag = args.find((a) => a.startsWith('--controller-class='));
      if (flag) served.add(flag.slice('--controller-class='.length));
      // ingress-nginx implements its default controller value unless told otherwise.
      else if (args.some((a) => a.endsWith('nginx-ingress-controller'))) served.add(NGINX_CONTROLLER);
    }
  }
  return served;
}
