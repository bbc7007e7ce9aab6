// Schemas for every apiVersion/kind in a bundle, loaded once per check run (lazily, per kind) so rules can
// validate synchronously. Sources, in order: CRDs rendered by the bundle, the Kubernetes API of the target
// version (kubernetes-models, or for 1.25 its schemas compiled at build time), and Argo CD's CRDs (@kubernetes-models/argo-cd).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importPackage } from '../../import-package.js';
import { loadGeneratedModule } from '../../schema/generated-module.js';
import { GENERATED } from '../../schema/standalone.js';
import { apiGroup } from '../kube.js';
import type { RenderedObject } from '../types.js';
import { crdValidator } from './crd.js';
import { issuesFrom, type AjvLikeError, type SchemaIssue } from './issues.js';
import { removedIn, schemaPackageFor, type SchemaPackage } from './versions.js';

export type Verdict = { known: true; issues: SchemaIssue[] } | { known: false; reason: string };

type Validate = (obj: Record<string, any>) => SchemaIssue[];

/** A kubernetes-models class: validate() throws an error carrying ajv errors. */
interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: object): { validate(): void };
}

const ARGO_CD_MODULE = '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';

/** Models imported so far, per module specifier (undefined: the package has no such model). */
const models = new Map<string, Promise<ModelClass | undefined>>();

function importModel(specifier: string, apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  let p = models.get(specifier);
  if (!p) {
    p = importPackage(specifier).then(
      (mod: Record<string, any>) => {
        const cls = mod[kind] as ModelClass | undefined;
        // Nested types (PodSpec …) are exported too; only top-level kinds carry apiVersion and kind.
        return cls && cls.apiVersion === apiVersion && cls.kind === kind ? cls : undefined;
      },
      () => undefined,
    );
    models.set(specifier, p);
  }
  return p;
}

function modelValidator(cls: ModelClass): Validate {
  return (obj) => {
    try {
      new cls(obj).validate();
      return [];
    } catch (err) {
      const errors = (err as { errors?: AjvLikeError[] }).errors;
      if (!Array.isArray(errors)) throw err;
      return issuesFrom(errors, obj);
    }
  };
}

/** Verdicts by object: those known before a check run (the render cache's) are not computed again, and every
 *  verdict the run computes is added. */
export type Verdicts = Map<Record<string, any>, Verdict>;

export class SchemaCatalog {
  private constructor(
    readonly kubernetesVersion: string,
    private readonly validators: Map<string, Validate | string>,
    private readonly verdicts: Verdicts,
  ) {}

  /** Loads a validator (or the reason there is none) for each apiVersion/kind the objects without a verdict use.
   *  `declared` are the env's CRDs of kinds installed outside the bundle; a CRD the bundle renders takes precedence. */
  static async load(
    objects: RenderedObject[],
    kubernetesVersion: string,
    { declared = [], verdicts = new Map() }: { declared?: Array<Record<string, any>>; verdicts?: Verdicts } = {},
  ): Promise<SchemaCatalog> {
    const pkg = schemaPackageFor(kubernetesVersion);
    const crds = new Map([...crdVersions(declared), ...crdVersions(objects.map((o) => o.object))]);
    const validators = new Map<string, Validate | string>();
    const seen = new Set<string>();
    const pending: Array<Promise<void>> = [];
    for (const { object } of objects) {
      const { apiVersion, kind } = object;
      if (typeof apiVersion !== 'string' || typeof kind !== 'string' || verdicts.has(object)) continue;
      const key = `${apiVersion}/${kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const crd = crds.get(`${apiGroup(apiVersion)}/${kind}`);
      if (crd) {
        validators.set(key, crdVerdict(crd, apiVersion, kind));
        continue;
      }
      const removed = removedIn(apiVersion, kind, kubernetesVersion);
      if (removed !== undefined) {
        validators.set(key, `${apiVersion} ${kind} is not served by Kubernetes ${kubernetesVersion} (removed in 1.${removed})`);
        continue;
      }
      pending.push(
        loadValidator(pkg, apiVersion, kind).then((validate) => {
          validators.set(
            key,
            validate ??
              `unknown kind: ${kind} ${apiVersion} is neither in the Kubernetes ${kubernetesVersion} API nor defined by a CustomResourceDefinition ` +
                "in the bundle or in the env's crds: (declare the CRD of a controller installed outside the bundle there)",
          );
        }),
      );
    }
    await Promise.all(pending);
    return new SchemaCatalog(kubernetesVersion, validators, verdicts);
  }

  validate(obj: Record<string, any>): Verdict {
    let verdict = this.verdicts.get(obj);
    if (!verdict) {
      const v = this.lookup(obj);
      verdict = typeof v === 'string' ? { known: false, reason: v } : { known: true, issues: v(obj) };
      this.verdicts.set(obj, verdict);
    }
    return verdict;
  }

  /** Why the object's kind has no schema, or undefined when it has one (without validating). */
  unknownReason(obj: Record<string, any>): string | undefined {
    const known = this.verdicts.get(obj);
    if (known) return known.known ? undefined : known.reason;
    const v = this.lookup(obj);
    return typeof v === 'string' ? v : undefined;
  }

  private lookup(obj: Record<string, any>): Validate | string {
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return 'object has no apiVersion and kind';
    const v = this.validators.get(`${obj.apiVersion}/${obj.kind}`);
    if (v === undefined) throw new Error(`schema for ${obj.apiVersion}/${obj.kind} was not loaded`);
    return v;
  }
}

function loadValidator(pkg: SchemaPackage, apiVersion: string, kind: string): Promise<Validate | undefined> {
  if (apiVersion === 'argoproj.io/v1alpha1' && (kind === 'Application' || kind === 'AppProject')) {
    return importModel(`${ARGO_CD_MODULE}/${kind}`, apiVersion, kind).then((cls) => cls && modelValidator(cls));
  }
  const group = apiGroup(apiVersion);
  const version = apiVersion.slice(group ? group.length + 1 : 0);
  // Kind names are identifiers; anything else cannot name a model file (and must not reach import()).
  if (!/^[A-Za-z0-9]+$/.test(kind) || !/^[a-z0-9.-]*$/.test(group) || !/^v[a-z0-9]+$/.test(version)) {
    return Promise.resolve(undefined);
  }
  const path = `${group ? `${group}/` : ''}${version}/${kind}`;
  if (pkg.source === 'models') return importModel(`${pkg.module}/${path}`, apiVersion, kind).then((cls) => cls && modelValidator(cls));
  const folder = new URL(`${pkg.module}/`, GENERATED);
  if (!existsSync(folder)) {
    throw new Error(`the Kubernetes ${pkg.kubernetes} validators are missing from ${fileURLToPath(folder)}: run \`npm run build\``);
  }
  const file = fileURLToPath(new URL(`${path}.cjs`, folder));
  return Promise.resolve(existsSync(file) ? compiledValidator(file) : undefined);
}

interface CompiledValidator {
  (data: unknown): boolean;
  errors?: AjvLikeError[] | null;
}

/** loadGeneratedModule loads each module once per process. */
function compiledValidator(file: string): Validate {
  const validate = loadGeneratedModule(file) as CompiledValidator;
  return (obj) => (validate(obj) ? [] : issuesFrom(validate.errors ?? [], obj));
}

interface CrdVersions {
  kind: string;
  versions: Map<string, { served: boolean; schema?: object }>;
}

/** CRDs by "group/Kind". */
function crdVersions(objects: Array<Record<string, any>>): Map<string, CrdVersions> {
  const out = new Map<string, CrdVersions>();
  for (const object of objects) {
    if (object.kind !== 'CustomResourceDefinition' || apiGroup(object.apiVersion) !== 'apiextensions.k8s.io') continue;
    const spec = object.spec ?? {};
    if (typeof spec.group !== 'string' || typeof spec.names?.kind !== 'string') continue;
    const versions = new Map<string, { served: boolean; schema?: object }>();
    for (const v of spec.versions ?? []) {
      versions.set(String(v.name), { served: v.served !== false, schema: v.schema?.openAPIV3Schema ?? spec.validation?.openAPIV3Schema });
    }
    out.set(`${spec.group}/${spec.names.kind}`, { kind: spec.names.kind, versions });
  }
  return out;
}

function crdVerdict(crd: CrdVersions, apiVersion: string, kind: string): Validate | string {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  const v = crd.versions.get(version);
  if (!v || !v.served) {
    const served = [...crd.versions].filter(([, x]) => x.served).map(([name]) => name);
    return `${kind} ${apiVersion} is not served by its CustomResourceDefinition (served versions: ${served.join(', ') || 'none'})`;
  }
  if (!v.schema) return () => [];
  let fn: ReturnType<typeof crdValidator>;
  try {
    fn = crdValidator(v.schema);
  } catch (err) {
    const issue = { path: '', message: `the CustomResourceDefinition's openAPIV3Schema cannot be compiled: ${(err as Error).message}` };
    return () => [issue];
  }
  return (obj) => (fn(obj) ? [] : issuesFrom((fn.errors ?? []) as AjvLikeError[], obj));
}
