import { treeFinding } from './finding.js';
import type { TreeRule } from './types.js';

/** File names that make Argo CD render a folder with a tool instead of reading plain manifests. */
const TOOL_FILES: Record<string, string> = {
  'Chart.yaml': 'Helm',
  'kustomization.yaml': 'Kustomize',
  'kustomization.yml': 'Kustomize',
  Kustomization: 'Kustomize',
};

export const toolFile: TreeRule = {
  id: 'argocd-tool-file',
  severity: 'error',
  description: 'A Chart.yaml or kustomization.yaml inside a synced folder makes Argo CD render it with Helm/Kustomize instead of applying the manifests.',
  check(files) {
    return files.flatMap((file) => {
      const tool = TOOL_FILES[file.path.slice(file.path.lastIndexOf('/') + 1)];
      return tool ? [treeFinding(this, file, `Argo CD would detect this folder as a ${tool} source and ignore the rendered manifests`)] : [];
    });
  },
};
