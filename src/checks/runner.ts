// Runs the rule catalogue over a rendered bundle. It prepares the shared context (object index, schemas for
// the target Kubernetes version) and knows nothing about what a rule checks.
import type { Environment } from '../env/types.js';
import { ObjectIndex } from './context.js';
import { rules as catalogue } from './rules/index.js';
import { SchemaCatalog, type Verdicts } from './schemas/catalog.js';
import type { Finding, RenderedObject, Rule, RuleContext } from './types.js';
import { applyWaivers } from './waivers.js';

export interface CheckOptions {
  /** Kubernetes version to check against; defaults to the env's cluster.kubernetesVersion. */
  kubernetesVersion?: string;
  /** Rules to run; defaults to the whole catalogue. */
  rules?: Rule[];
  /** The env's committed AppProject (rule argocd-project). */
  appProject?: Record<string, any>;
  /** Schema verdicts already known by object (from the render cache); the run adds every verdict it computes. */
  schemaVerdicts?: Verdicts;
}

export async function runChecks(objects: RenderedObject[], env: Environment, opts: CheckOptions = {}): Promise<Finding[]> {
  const kubernetesVersion = opts.kubernetesVersion ?? env.cluster.kubernetesVersion;
  const ctx: RuleContext = {
    objects,
    env,
    kubernetesVersion,
    index: new ObjectIndex(objects, env),
    schemas: await SchemaCatalog.load(objects, kubernetesVersion, {
      declared: (env.crds ?? []).map((c) => c.object),
      verdicts: opts.schemaVerdicts,
    }),
    appProject: opts.appProject,
  };
  const selected = opts.rules ?? catalogue;
  const findings = selected.flatMap((rule) => rule.check(ctx));
  return applyWaivers(findings, env.waivers, new Set(selected.map((r) => r.id)));
}

export function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === 'error' && f.waived === undefined);
}
