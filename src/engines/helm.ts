// The reference engine: the real helm binary, run with a clean environment so nothing from the caller's kubeconfig,
// HELM_* variables or locale leaks into the output.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { marshalJson } from '../goencoding/json.js';
import { tempDir } from '../process-cleanup.js';
import { EngineError, type Engine, type TemplateRequest } from './types.js';

/** The `helm template` argument list for a request (values layers are passed as files in `layerFiles`). */
export function helmArgs(chartDir: string, req: TemplateRequest, layerFiles: string[]): string[] {
  const args = ['template', req.releaseName, chartDir, '--namespace', req.namespace];
  for (const f of req.valuesFiles ?? []) args.push('--values', f);
  for (const f of layerFiles) args.push('--values', f);
  for (const s of req.setJson ?? []) args.push('--set-json', s);
  for (const s of req.set ?? []) args.push('--set', s);
  for (const s of req.setString ?? []) args.push('--set-string', s);
  for (const s of req.setFile ?? []) args.push('--set-file', s);
  if (req.kubeVersion) args.push('--kube-version', req.kubeVersion);
  for (const a of req.apiVersions ?? []) args.push('--api-versions', a);
  if (req.includeCrds) args.push('--include-crds');
  for (const s of req.showOnly ?? []) args.push('--show-only', s);
  if (req.isUpgrade) args.push('--is-upgrade');
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
          ...(req.deadline === undefined ? {} : { timeout: Math.max(1, req.deadline - Date.now()) }),
        });
        if (result.timedOut) throw new EngineError('helm was stopped: the time allowed for the render ran out', 'helm');
        if (result.exitCode !== 0) throw new EngineError(helmErrorText(String(result.stderr)), 'helm');
        // What helm logged without failing (symlinks it followed, coalescing notes), line by line.
        for (const line of String(result.stderr).split('\n')) if (line.trim() !== '') req.onWarning?.(line);
        return String(result.stdout);
      } finally {
        scratch.remove();
      }
    },
  };
}
