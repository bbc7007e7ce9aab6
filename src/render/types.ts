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
  /** The objects came from the render cache (the release's inputs are those of an earlier run). */
  cached?: boolean;
}
