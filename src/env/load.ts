// Load `overlays/<env>/env.yaml`: resolve the argument, validate the file against schemas/, build the Environment.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';
import { SourceFile, type SourceCache } from '../schema/source.js';
import { standaloneModule } from '../schema/ajv.js';
import { refResolver, schemaExample } from '../schema/example.js';
import { precompiled, validatorKey, type GeneratedValidator } from '../schema/standalone.js';
import { didYouMean, projectAjv, validateAgainst } from '../schema/validate.js';
import { checkClusterFacts } from './facts.js';
import { loadDeclaredCrds } from './crds.js';
import { todoProblems } from './scaffold.js';
import { checkExternalServices } from './external-services.js';
import type { Environment, Patch, Release, Waiver } from './types.js';

const schemasDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../schemas');

export interface LoadedEnvironment {
  env: Environment;
  source: SourceFile;
}

/** `env/<name>`, `<name>` or a path (overlay folder or env file) → the env file. */
export function resolveEnvFile(arg: string, cwd = process.cwd()): string {
  const named = /^(?:env\/)?([a-z0-9][-a-z0-9]*)$/.exec(arg);
  if (named) {
    const file = join(cwd, 'overlays', named[1]!, 'env.yaml');
    if (existsSync(file)) return file;
  }
  const path = resolve(cwd, arg);
  if (existsSync(path) && statSync(path).isDirectory()) return join(path, 'env.yaml');
  if (existsSync(path)) return path;
  throw new DiagnosticError([
    new Diagnostic({
      message: `environment "${arg}" not found: expected env/<name> with overlays/<name>/env.yaml under ${cwd}, or a path to an overlay folder or env file`,
    }),
  ]);
}

const ENV_SCHEMA = 'env-schema';
let envValidate: ValidateFunction | undefined;

async function envSchemas(): Promise<object[]> {
  return Promise.all(['cluster.schema.json', 'env.schema.json'].map(async (name) => JSON.parse(await readFile(join(schemasDir, name), 'utf8')) as object));
}

function compileEnvSchema(schemas: object[]): ValidateFunction {
  const ajv = projectAjv();
  for (const schema of schemas) ajv.addSchema(schema);
  return ajv.getSchema('https://bundle.dev/schemas/env.schema.json')!;
}

async function envValidator(): Promise<ValidateFunction> {
  if (!envValidate) {
    const schemas = await envSchemas();
    envValidate = precompiled(ENV_SCHEMA, schemas) ?? compileEnvSchema(schemas);
  }
  return envValidate;
}

/** The build's module for the env schema (scripts/compile-schemas.mjs). */
export async function envSchemaModule(): Promise<GeneratedValidator> {
  const schemas = await envSchemas();
  return {
    key: validatorKey(ENV_SCHEMA, schemas),
    code: standaloneModule(projectAjv(), compileEnvSchema(schemas)),
    // env.schema.json is the root; it refers to cluster.schema.json by name.
    example: schemaExample(schemas.at(-1)!, refResolver(schemas)),
  };
}

/** With a cache, YAML files whose text was parsed before are not parsed again. */
export async function loadEnvironment(arg: string, cwd = process.cwd(), cache?: SourceCache): Promise<LoadedEnvironment> {
  const file = resolveEnvFile(arg, cwd);
  if (!existsSync(file)) {
    throw new DiagnosticError([new Diagnostic({ file, message: 'env file not found: expected an env.yaml in the overlay folder' })]);
  }
  const source = await SourceFile.read(file, cache);
  const data = source.toJS() as Record<string, any>;
  // Placeholders `bundle env new` leaves: reported as such, not as the type errors the schema would find.
  const todos = todoProblems(data, file, source);
  if (todos.length > 0) throw new DiagnosticError(todos);
  const validate = await envValidator();
  const issues = validateAgainst(validate, data);
  if (issues.length > 0) {
    throw new DiagnosticError(
      issues.map((i) => new Diagnostic({ file, ...source.locate(i.pointer, i.atKey), pointer: i.pointer, message: i.message, hint: i.hint })),
    );
  }
  const dir = dirname(file);
  const root = projectRoot(dir);
  const problems: Diagnostic[] = checkClusterFacts(data.cluster, file, source);
  const seen = new Set<string>();
  const releases: Release[] = (data.releases as any[]).map((r, i) => {
    const at = (pointer: string) => ({ file, ...source.locate(`/releases/${i}${pointer}`), pointer: `/releases/${i}${pointer}` });
    if (seen.has(r.name)) problems.push(new Diagnostic({ ...at('/name'), message: `duplicate release name "${r.name}"` }));
    seen.add(r.name);
    const chartDir = r.chart.includes('/') ? resolve(dir, r.chart) : join(root, 'charts', r.chart);
    if (!existsSync(join(chartDir, 'Chart.yaml'))) {
      problems.push(new Diagnostic({ ...at('/chart'), message: `chart "${r.chart}" not found: expected ${join(chartDir, 'Chart.yaml')}` }));
    }
    const explicit = r.values as string[] | undefined;
    const valuesFiles = (explicit ?? [`values/${r.name}.yaml`]).map((v) => (isAbsolute(v) ? v : join(dir, v)));
    (explicit ?? []).forEach((v, j) => {
      if (!existsSync(valuesFiles[j]!)) problems.push(new Diagnostic({ ...at(`/values/${j}`), message: `values file "${v}" not found` }));
    });
    return {
      name: r.name,
      chart: basename(chartDir),
      chartDir,
      namespace: r.namespace,
      enabled: r.enabled ?? true,
      wave: r.wave ?? 0,
      valuesFiles: valuesFiles.filter((f) => existsSync(f)),
      patches: (r.patches ?? []) as Patch[],
      labels: (r.labels ?? {}) as Record<string, string>,
    };
  });
  const baseDir = data.base ? resolve(dir, data.base) : existsSync(join(dir, '..', 'base')) ? resolve(dir, '..', 'base') : undefined;
  if (data.base && !existsSync(baseDir!)) {
    problems.push(new Diagnostic({ file, ...source.locate('/base'), pointer: '/base', message: `base overlay "${data.base}" not found` }));
  }
  problems.push(...unmatchedValuesFiles(dir, baseDir, releases, root, cache));
  problems.push(...checkExternalServices(data.cluster, file, source));
  const declared = loadDeclaredCrds((data.crds ?? []) as string[], file, dir, source);
  problems.push(...declared.problems);
  if (problems.length > 0) throw new DiagnosticError(problems);
  const argo = data.argocd;
  const env: Environment = {
    name: data.name,
    file,
    dir,
    baseDir,
    cluster: {
      ...data.cluster,
      nodes: data.cluster.nodes.map((n: any) => ({ labels: {}, taints: [], ...n })),
    },
    imageRegistry: data.imageRegistry ?? '',
    allowSecrets: data.allowSecrets ?? false,
    external: data.external ?? {},
    argocd: {
      repoURL: argo.repoURL,
      targetRevision: argo.targetRevision ?? `env/${data.name}`,
      project: argo.project ?? data.name,
      namespace: argo.namespace ?? 'argocd',
      destination: argo.destination,
    },
    releases,
    waivers: ((data.waivers ?? []) as Omit<Waiver, 'at'>[]).map((w, i) => ({ ...w, at: { file, ...source.locate(`/waivers/${i}`) } })),
    crds: declared.crds,
  };
  return { env, source };
}

/** The repository root an overlay belongs to: the folder holding `overlays/`. */
export function projectRoot(overlayDir: string): string {
  let dir = overlayDir;
  while (dirname(dir) !== dir) {
    if (basename(dir) === 'overlays') return dirname(dir);
    dir = dirname(dir);
  }
  return dirname(dirname(overlayDir));
}

/**
 * Files in `<overlay>/values/` that no release reads, and files in `<base>/values/` named after no release of any env:
 * a misspelt file name would otherwise leave a release on its chart defaults without a word.
 */
function unmatchedValuesFiles(dir: string, baseDir: string | undefined, releases: Release[], root: string, cache?: SourceCache): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const unmatched = (file: string, names: string[], scope: string) => {
    const stem = basename(file).replace(/\.ya?ml$/, '');
    const hint = didYouMean(stem, names);
    problems.push(
      new Diagnostic({
        file,
        line: 1,
        col: 1,
        message: `values file matches no release of ${scope}${hint ? `; did you mean "${hint}"?` : `: expected values/<release>.yaml for one of ${names.join(', ')}, or list it under a release's values`}`,
      }),
    );
  };
  const used = new Set(releases.flatMap((r) => [...r.valuesFiles, join(dir, 'values', `${r.name}.yaml`)]));
  const envNames = releases.map((r) => r.name);
  for (const file of filesIn(join(dir, 'values'))) if (!used.has(file)) unmatched(file, envNames, `env ${basename(dir)}`);
  if (baseDir) {
    // The base is shared: a file there belongs to a release of some env, not necessarily this one.
    const allNames = new Set(envNames);
    for (const envFile of filesIn(join(root, 'overlays'), true)) {
      try {
        for (const r of (SourceFile.readSync(envFile, cache).toJS() as any)?.releases ?? []) if (typeof r?.name === 'string') allNames.add(r.name);
      } catch {
        // Another env's file is that env's problem.
      }
    }
    for (const file of filesIn(join(baseDir, 'values'))) {
      if (!allNames.has(basename(file).replace(/\.yaml$/, '')) || !file.endsWith('.yaml')) unmatched(file, [...allNames].sort(), 'any env');
    }
  }
  return problems;
}

/** Regular files of a folder (or, with `envFiles`, the env.yaml of each of its subfolders), sorted. */
function filesIn(dir: string, envFiles = false): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => (envFiles ? e.isDirectory() && existsSync(join(dir, e.name, 'env.yaml')) : e.isFile()))
    .map((e) => (envFiles ? join(dir, e.name, 'env.yaml') : join(dir, e.name)))
    .sort();
}
