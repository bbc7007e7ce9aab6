// The reference engine: the real helm binary, run with a clean environment so nothing from the caller's kubeconfig,
// HELM_* variables or locale leaks into the output.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { marshalJson } from '../goencoding/json.js';
import { goString } from '../helm/gostrings.js';
import { tempDir } from '../process-cleanup.js';
import { EngineError, type Engine, type TemplateRequest } from './types.js';

/** The `helm template` argument list for a request (values layers are passed as files in `layerFiles`). Lists go
 *  one flag per element with `--flag=value`, which no value can be mistaken in. */
export function helmArgs(chartDir: string, req: TemplateRequest, layerFiles: string[]): string[] {
  const args = ['template', req.releaseName, chartDir, `--namespace=${req.namespace}`];
  const each = (flag: string, values: string[] | undefined) => {
    for (const v of values ?? []) args.push(`${flag}=${v}`);
  };
  // -f and -a are comma-separated lists in helm: one quoted CSV field each keeps a comma in a path intact.
  const csv = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  each('--values', [...(req.valuesFiles ?? []), ...layerFiles].map(csv));
  each('--set-json', req.setJson);
  each('--set', req.set);
  each('--set-string', req.setString);
  each('--set-file', req.setFile);
  each('--set-literal', req.setLiteral);
  if (req.kubeVersion) args.push(`--kube-version=${req.kubeVersion}`);
  each('--api-versions', req.apiVersions?.map(csv));
  if (req.includeCrds) args.push('--include-crds');
  each('--show-only', req.showOnly);
  if (req.isUpgrade) args.push('--is-upgrade');
  if (req.skipTests) args.push('--skip-tests');
  if (req.noHooks) args.push('--no-hooks');
  if (req.skipSchemaValidation) args.push('--skip-schema-validation');
  for (const [k, v] of Object.entries(req.labels ?? {})) args.push(`--labels=${csv(`${k}=${v}`)}`);
  if (req.outputDir !== undefined) args.push(`--output-dir=${req.outputDir}`);
  if (req.useReleaseName) args.push('--release-name');
  if (req.postRenderer) {
    args.push(`--post-renderer=${req.postRenderer.path}`);
    each('--post-renderer-args', req.postRenderer.args);
  }
  if (req.dryRun) args.push(`--dry-run=${req.dryRun}`);
  if (req.verify) args.push('--verify', `--keyring=${req.keyring ?? ''}`);
  if (req.dependencyUpdate) args.push('--dependency-update');
  if (req.debug) args.push('--debug');
  if (req.nameTemplate) args.push(`--name-template=${req.nameTemplate}`);
  return args;
}

/** Helm's message without the `Error: ` prefix and the final newline; warnings printed before it are dropped. */
export function helmErrorText(stderr: string): string {
  const i = stderr.startsWith('Error: ') ? 0 : stderr.indexOf('\nError: ');
  const text = i < 0 ? stderr : stderr.slice(i === 0 ? 'Error: '.length : i + '\nError: '.length);
  return text.replace(/\n$/, '');
}

export function helmEngine(binary: string): Engine {
  return {
    name: 'helm',
    async template(chartDir: string, req: TemplateRequest): Promise<string> {
      const scratch = tempDir('helm');
      const home = scratch.path;
      try {
        // Values layers are Go values from YAML; JSON is YAML and keeps their types through helm's parser.
        const layerFiles = (req.values ?? []).map((layer, i) => {
          const file = join(home, `layer-${i}.json`);
          writeFileSync(file, marshalJson(layer));
          return file;
        });
        // Loaded here: execa and its dependencies cost ~90 ms of start-up that the native engine never needs.
        const { execa } = await import('execa');
        const result = await execa(binary, helmArgs(chartDir, req, layerFiles), {
          env: { HOME: home, PATH: '/usr/bin:/bin', TZ: 'UTC', LC_ALL: 'C', KUBECONFIG: join(home, 'kubeconfig') },
          extendEnv: false,
          reject: false,
          stripFinalNewline: false,
          // Go strings are bytes: bytes that are not UTF-8 stay as the value model's escapes, as the native engine's.
          encoding: 'buffer',
          ...(req.deadline === undefined ? {} : { timeout: Math.max(1, req.deadline - Date.now()) }),
        });
        if (result.timedOut) throw new EngineError('helm was stopped: the time allowed for the render ran out', 'helm');
        const stderr = goString(result.stderr);
        if (result.exitCode !== 0) throw new EngineError(helmErrorText(stderr), 'helm');
        // What helm logged without failing (symlinks it followed, coalescing notes), line by line.
        for (const line of stderr.split('\n')) if (line.trim() !== '') req.onWarning?.(line);
        return goString(result.stdout);
      } finally {
        scratch.remove();
      }
    },
  };
}
