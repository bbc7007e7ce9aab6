import type { Release } from '../env/types.js';

/** One Kubernetes object of the rendered output, with where it came from. */
export interface RenderedObject {
  release: string;
  chart: string;
  /** Helm's `# Source:` path, e.g. "ingress-nginx/templates/controller.yaml". */
  source: string;
  object: Record<string, any>;
}

export interface ReleaseOutput {
  release: Release;
  objects: RenderedObject[];
}
