import { containersOf, describeRef, findingFor, podTemplateOf, refOf } from '../kube.js';
import { eligibleNodes } from '../scheduling.js';
import type { Finding, RenderedObject, Rule } from '../types.js';

interface HostBinding {
  ro: RenderedObject;
  nodes: Set<string>;
  /** "port/PROTOCOL" → pointer of the port declaration. */
  ports: Map<string, string>;
}

/** Host ports a workload binds: every container port with hostNetwork, otherwise its hostPorts. */
function bindingOf(ro: RenderedObject, nodeNames: (spec: Record<string, any>) => Set<string>): HostBinding | undefined {
  const tpl = podTemplateOf(ro.object);
  if (!tpl) return undefined;
  const hostNetwork = tpl.spec.hostNetwork === true;
  const ports = new Map<string, string>();
  for (const { container, path } of containersOf(tpl)) {
    (container.ports ?? []).forEach((p: Record<string, any>, i: number) => {
      const port = p?.hostPort ?? (hostNetwork ? p?.containerPort : undefined);
      if (typeof port === 'number') ports.set(`${port}/${p.protocol ?? 'TCP'}`, `${path}/ports/${i}`);
    });
  }
  return ports.size ? { ro, nodes: nodeNames(tpl.spec), ports } : undefined;
}

export const hostPortClash: Rule = {
  id: 'host-port-clash',
  severity: 'error',
  description: 'Two workloads that can land on the same node must not bind the same host port (hostNetwork or hostPort).',
  check(ctx) {
    const nodes = ctx.env.cluster?.nodes ?? [];
    // Without declared nodes every workload may share a node.
    const nodeNames = (spec: Record<string, any>) =>
      new Set(nodes.length ? eligibleNodes(spec, nodes).map((n) => n.name) : ['(any)']);
    const bindings = ctx.objects.map((ro) => bindingOf(ro, nodeNames)).filter((b): b is HostBinding => b !== undefined);
    const out: Finding[] = [];
    bindings.forEach((b, i) => {
      for (const earlier of bindings.slice(0, i)) {
        const shared = [...b.nodes].filter((n) => earlier.nodes.has(n));
        if (!shared.length) continue;
        for (const [port, path] of b.ports) {
          if (!earlier.ports.has(port)) continue;
          out.push(
            findingFor(this, b.ro, `host port ${port} is also bound by ${describeRef(refOf(earlier.ro.object))} (release ${earlier.ro.release}) on node(s) ${shared.join(', ')}`, path),
          );
        }
      }
    });
    return out;
  },
};
