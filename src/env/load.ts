// Load `overlays/<env>/env.yaml`: resolve the argument, validate the file against schemas/, build the Environment.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';
import { SourceFile } from '../schema/source.js';
import { standaloneModule } from '../schema/ajv.js';
import { refResolver, schemaExample } from '../schema/example.js';
import { precompiled, validatorKey, type GeneratedValidator } from '../schema/standalone.js';
import { projectAjv, validateAgainst } from '../schema/validate.js';
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

export async function loadEnvironment(arg: string, cwd = process.cwd()): Promise<LoadedEnvironment> {
  const file = resolveEnvFile(arg, cwd);
  if (!existsSync(file)) {
    throw new DiagnosticError([new Diagnostic({ file, message: 'env file not found: expected an env.yaml in the overlay folder' })]);
  }
  const source = await SourceFile.read(file);
  const data = source.toJS() as Record<string, any>;
  const validate = await envValidator();
  const issues = validateAgainst(validate, data);
  if (issues.length > 0) {
    throw new DiagnosticError(
      issues.map((i) => new Diagnostic({ file, ...source.locate(i.pointer, i.atKey), pointer: i.pointer, message: i.message, hint: i.hint })),
    );
  }
  const dir = dirname(file);
  const root = projectRoot(dir);
  const problems: Diagnostic[] = [];
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
    };
  });
  const baseDir = data.base ? resolve(dir, data.base) : existsSync(join(dir, '..', 'base')) ? resolve(dir, '..', 'base') : undefined;
  if (data.base && !existsSync(baseDir!)) {
    problems.push(new Diagnostic({ file, ...source.locate('/base'), pointer: '/base', message: `base overlay "${data.base}" not found` }));
  }
  problems.push(...checkExternalServices(data.cluster, file, source));
  if (problems.length > 0) throw new DiagnosticError(problems);
  const argo = data.argocd ?? {};
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
      repoURL: argo.repoURL ?? '',
      targetRevision: argo.targetRevision ?? `env/${data.name}`,
      project: argo.project ?? data.name,
      namespace: argo.namespace ?? 'argocd',
      destinationServer: argo.destinationServer ?? 'https://kubernetes.default.svc',
    },
    releases,
    waivers: ((data.waivers ?? []) as Omit<Waiver, 'at'>[]).map((w, i) => ({ ...w, at: { file, ...source.locate(`/waivers/${i}`) } })),
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
