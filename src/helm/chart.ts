// Helm's in-memory chart (pkg/chart): metadata, templates, values, files and the dependency tree.

export type Values = Record<string, unknown>;

/** A file of the chart, path relative to the chart root with `/` separators. */
export interface ChartFile {
  name: string;
  data: Uint8Array;
}

export interface Maintainer {
  name: string;
  email: string;
  url: string;
}

/** One entry of Chart.yaml `dependencies` (or requirements.yaml for apiVersion v1). */
export interface Dependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
  tags: string[];
  enabled: boolean;
  importValues: unknown[];
  alias: string;
}

/** Chart.yaml, field for field in chart.Metadata order (Go prints and encodes structs in that order). */
export interface Metadata {
  name: string;
  home: string;
  sources: string[];
  version: string;
  description: string;
  keywords: string[];
  maintainers: Maintainer[];
  icon: string;
  apiVersion: string;
  condition: string;
  tags: string;
  appVersion: string;
  deprecated: boolean;
  annotations: Record<string, string>;
  kubeVersion: string;
  dependencies: Dependency[];
  type: string;
}

export class Chart {
  parent: Chart | undefined;
  dependencies: Chart[] = [];
  templates: ChartFile[] = [];
  files: ChartFile[] = [];
  values: Values = {};
  schema: Uint8Array | undefined;

  constructor(public metadata: Metadata) {}

  name(): string {
    return this.metadata.name;
  }

  isRoot(): boolean {
    return this.parent === undefined;
  }

  isLibrary(): boolean {
    return this.metadata.type === 'library';
  }

  /** `parent/charts/child`: prefix of template names and `# Source:` paths. */
  chartFullPath(): string {
    return this.parent ? `${this.parent.chartFullPath()}/charts/${this.name()}` : this.name();
  }

  /** `parent.child`: how schema errors name a chart. */
  chartPath(): string {
    return this.parent ? `${this.parent.chartPath()}.${this.name()}` : this.name();
  }

  setDependencies(charts: Chart[]): void {
    this.dependencies = [];
    for (const c of charts) this.addDependency(c);
  }

  addDependency(c: Chart): void {
    c.parent = this;
    this.dependencies.push(c);
  }

  /** CRD files of this chart, then of its dependencies (Chart.CRDObjects). */
  crdObjects(): { filename: string; file: ChartFile }[] {
    const out: { filename: string; file: ChartFile }[] = [];
    for (const f of this.files) {
      if (f.name.startsWith('crds/') && /\.(ya?ml|json)$/i.test(f.name)) {
        out.push({ filename: `${this.chartFullPath()}/${f.name}`, file: f });
      }
    }
    for (const d of this.dependencies) out.push(...d.crdObjects());
    return out;
  }

  /** A shallow copy with its own metadata object (getAliasDependency renames the copy, not the original). */
  copyWithName(name: string): Chart {
    const c = new Chart({ ...this.metadata, name });
    c.dependencies = this.dependencies;
    c.templates = this.templates;
    c.files = this.files;
    c.values = this.values;
    c.schema = this.schema;
    return c;
  }
}
