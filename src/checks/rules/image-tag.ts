import { containersOf, findingFor, podTemplateOf } from '../kube.js';
import type { Finding, Rule } from '../types.js';

/** The tag of an image reference; undefined when it has none (a digest pins it instead). */
function tagOf(image: string): string | undefined {
  if (image.includes('@')) return '@digest';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon < 0 ? undefined : lastSegment.slice(colon + 1);
}

export const imageTag: Rule = {
  id: 'image-tag',
  severity: 'error',
  description: 'Images must be pinned to a tag other than latest (or a digest), so a render always means the same software.',
  check(ctx) {
    const out: Finding[] = [];
    for (const ro of ctx.objects) {
      const tpl = podTemplateOf(ro.object);
      if (!tpl) continue;
      for (const { container, path } of containersOf(tpl)) {
        if (typeof container.image !== 'string') continue;
        const tag = tagOf(container.image);
        if (tag === undefined) out.push(findingFor(this, ro, `container ${container.name} image ${container.image} has no tag (pulls :latest)`, `${path}/image`));
        else if (tag === 'latest') out.push(findingFor(this, ro, `container ${container.name} image ${container.image} uses the moving :latest tag`, `${path}/image`));
      }
    }
    return out;
  },
};
