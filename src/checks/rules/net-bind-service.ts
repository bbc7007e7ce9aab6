// A container must keep in its capability bounding set what its binaries need from the kernel at exec and bind:
// - a port below 1024 (containerPort with hostNetwork or without, hostPort) needs NET_BIND_SERVICE, unless the pod
//   lowers net.ipv4.ip_unprivileged_port_start below it;
// - an image whose binaries carry file capabilities marked effective (`setcap ...+ep`) cannot be exec'd at all when
//   one of them is missing from the bounding set: EPERM, whatever port it binds (kubernetes/ingress-nginx#10002).
// Image facts come from the rendered pod template: the annotation `file-capabilities.bundle.dev/<container>:
// CAP[,CAP]`, which the charts write from their values (`common.fileCapabilitiesAnnotations`); the rule knows no image.
import { containersOf, findingFor, podTemplateOf } from '../kube.js';
import type { Finding, Rule } from '../types.js';

export const FILE_CAPABILITIES_PREFIX = 'file-capabilities.bundle.dev/';

const normalize = (cap: unknown) => String(cap).toUpperCase().replace(/^CAP_/, '');

/** Whether `cap` is in the container's bounding set: privileged keeps all, else not dropped (or dropped and added). */
function inBoundingSet(securityContext: Record<string, any> | undefined, cap: string): boolean {
  if (securityContext?.privileged === true) return true;
  const caps = securityContext?.capabilities ?? {};
  const drop = (Array.isArray(caps.drop) ? caps.drop : []).map(normalize);
  const add = (Array.isArray(caps.add) ? caps.add : []).map(normalize);
  return add.includes(cap) || !(drop.includes('ALL') || drop.includes(cap));
}

export const netBindService: Rule = {
  id: 'net-bind-service',
  severity: 'error',
  description:
    'A container that binds a port below 1024, or runs an image whose binaries carry file capabilities, keeps them (NET_BIND_SERVICE) in its bounding set; else bind fails, or exec fails with EPERM.',
  check(ctx) {
    const out: Finding[] = [];
    for (const ro of ctx.objects) {
      const tpl = podTemplateOf(ro.object);
      if (!tpl) continue;
      const sysctls: Array<{ name?: string; value?: string }> = tpl.spec.securityContext?.sysctls ?? [];
      const unprivilegedFrom = Number(sysctls.find((s) => s?.name === 'net.ipv4.ip_unprivileged_port_start')?.value ?? 1024);
      for (const { container, path } of containersOf(tpl)) {
        const scPath = `${path}/securityContext`;
        const fileCaps = (tpl.annotations[`${FILE_CAPABILITIES_PREFIX}${container.name}`] ?? '').split(',').map((c) => c.trim()).filter(Boolean).map(normalize);
        for (const cap of fileCaps) {
          if (inBoundingSet(container.securityContext, cap)) continue;
          out.push(
            findingFor(this, ro, `container ${container.name}: the image's binaries carry the file capability ${cap} (annotation ${FILE_CAPABILITIES_PREFIX}${container.name}), so exec fails with "operation not permitted" unless ${cap} is in the bounding set: add it to capabilities.add`, scPath),
          );
        }
        if (fileCaps.includes('NET_BIND_SERVICE') || inBoundingSet(container.securityContext, 'NET_BIND_SERVICE')) continue;
        const low = (container.ports ?? []).flatMap((p: Record<string, any>, i: number) =>
          [p?.containerPort, p?.hostPort].filter((n) => typeof n === 'number' && n < unprivilegedFrom).map((n) => ({ n, i })),
        );
        if (low.length === 0) continue;
        out.push(
          findingFor(this, ro, `container ${container.name} binds port ${low[0].n} (below ${unprivilegedFrom}) but drops NET_BIND_SERVICE from its bounding set: add it to capabilities.add`, `${path}/ports/${low[0].i}`),
        );
      }
    }
    return out;
  },
};
