// The vocabulary shared by the check runner, the rules and the reporters.
import type { Environment } from '../env/types.js';
import type { ObjectIndex } from './context.js';
import type { RenderedObject } from '../render/types.js';
import type { SchemaCatalog } from './schemas/catalog.js';

export type { RenderedObject };

export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
}

export type Severity = 'error' | 'warning';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  release?: string;
  source?: string;
  object?: ObjectRef;
  /** JSON pointer inside the object. */
  path?: string;
  /** A place in the env's own files the finding is about (e.g. a waiver in env.yaml). */
  at?: { file: string; line: number; col: number };
  /** The reason of the env waiver that accepts this finding; a waived finding never fails. */
  waived?: string;
}

/** What every rule sees: the objects, the env, and lookups prepared once by the runner. */
export interface RuleContext {
  objects: RenderedObject[];
  env: Environment;
  /** The Kubernetes version checked against, "major.minor.patch". */
  kubernetesVersion: string;
  index: ObjectIndex;
  schemas: SchemaCatalog;
  /** The env's AppProject as the repository commits it (argocd/<cluster>/appproject-<env>.yaml), when there is one. */
  appProject?: Record<string, any>;
}

export interface Rule {
  id: string;
  severity: Severity;
  /** One line: what the rule enforces and why. */
  description: string;
  check(ctx: RuleContext): Finding[];
}
