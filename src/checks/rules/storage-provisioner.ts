import { containersOf, findingFor, podTemplateOf } from '../kube.js';
import type { RenderedObject, Rule } from '../types.js';

/** Provisioner names the bundle's workloads announce (external provisioners' PROVISIONER_NAME or flags) or its CSIDrivers. */
function runningProvisioners(objects: RenderedObject[]): Set<string> {
  const names = new Set<string>();
  for (const ro of objects) {
    if (ro.object.kind === 'CSIDriver' && ro.object.metadata?.name) names.add(String(ro.object.metadata.name));
    const tpl = podTemplateOf(ro.object);
    if (!tpl) continue;
    for (const { container } of containersOf(tpl)) {
      for (const e of container.env ?? []) if (e?.name === 'PROVISIONER_NAME' && typeof e.value === 'string') names.add(e.value);
      for (const a of [...(container.command ?? []), ...(container.args ?? [])].map(String)) {
        const m = /^--provisioner(?:-name)?=(.+)$/.exec(a);
        if (m) names.add(m[1]!);
      }
    }
  }
  return names;
}

export const storageProvisioner: Rule = {
  id: 'storage-provisioner',
  severity: 'error',
  description: "A StorageClass's provisioner must be the name a provisioner workload in the bundle registers, or claims stay Pending.",
  check(ctx) {
    const classes = ctx.index.ofKind('StorageClass');
    if (!classes.length) return [];
    const running = runningProvisioners(ctx.objects);
    return classes.flatMap((ro) => {
      const p = ro.object.provisioner;
      // In-tree provisioners (kubernetes.io/…) need no workload.
      if (typeof p !== 'string' || p.startsWith('kubernetes.io/') || running.has(p)) return [];
      const known = [...running].join(', ') || 'none';
      return [findingFor(this, ro, `provisioner ${p} is not registered by any workload in the bundle (registered: ${known})`, '/provisioner')];
    });
  },
};
