// Real helm as the oracle for Go encodings: one throwaway chart whose values.yaml holds every case, one `helm template`
// run, and each template function's output per case read back (base64, inside YAML comments so the manifest stays valid).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const helmV3 = join(process.env.BUNDLE_TOOLS_DIR ?? join(process.env.HOME ?? '/root', '.cache/bundle-tools'), 'helm-v3/helm');

/** A value case: YAML source text of one value (any block or flow node). */
export interface ValueCase {
  id: string;
  yaml: string;
}

/** A string case: the text handed to fromYaml/fromJson/fromToml. */
export interface StringCase {
  id: string;
  text: string;
}

export const VALUE_FUNCS = ['toYaml', 'toYamlPretty', 'toJson', 'toPrettyJson', 'toRawJson', 'toToml'] as const;
export const STRING_FUNCS = ['fromYaml', 'fromYamlArray', 'fromJson', 'fromJsonArray', 'fromToml'] as const;

/** Indent every line of a YAML node by `n` spaces so it can sit under a mapping key. */
function nest(yaml: string, n: number): string {
  const pad = ' '.repeat(n);
  return yaml
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

/** A YAML double-quoted scalar for any string: characters YAML forbids raw are escaped. */
export function yamlQuote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function buildValuesYaml(values: ValueCase[], strings: StringCase[]): string {
  const lines = ['cases:'];
  for (const c of values) lines.push(`  ${c.id}:`, nest(c.yaml, 4));
  lines.push('strs:');
  for (const s of strings) lines.push(`  ${s.id}: ${yamlQuote(s.text)}`);
  return lines.join('\n') + '\n';
}

const TEMPLATE = [
  '{{- range $k, $v := .Values.cases }}',
  // toToml panics on nil (reflect on a zero Value), so nil values skip it.
  ...VALUE_FUNCS.map((f) =>
    f === 'toToml'
      ? `{{- if not (kindIs "invalid" $v) }}\n# {{ $k }} ${f} {{ ${f} $v | b64enc }}\n{{- end }}`
      : `# {{ $k }} ${f} {{ ${f} $v | b64enc }}`,
  ),
  '{{- end }}',
  '{{- range $k, $s := .Values.strs }}',
  ...STRING_FUNCS.map((f) => `# {{ $k }} ${f} {{ ${f} $s | toJson | b64enc }}`),
  '{{- end }}',
  '',
].join('\n');

/** Render all cases with real helm once: id → function → output text. */
export function runOracle(valuesYaml: string): Map<string, Map<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'goencoding-oracle-'));
  const chart = join(dir, 'oracle');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: oracle\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'values.yaml'), valuesYaml);
  writeFileSync(join(chart, 'templates', 'cases.yaml'), TEMPLATE);
  const stdout = execFileSync(helmV3, ['template', 'release-name', chart, '--kube-version', '1.30.0'], {
    env: { HOME: dir, PATH: '/usr/bin:/bin', TZ: 'UTC', LC_ALL: 'C' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const results = new Map<string, Map<string, string>>();
  for (const line of stdout.split('\n')) {
    const m = /^# ([vs]\d+) (\S+) ?(\S*)$/.exec(line);
    if (!m) continue;
    const [, id, fn, b64] = m as unknown as [string, string, string, string];
    if (!results.has(id)) results.set(id, new Map());
    results.get(id)!.set(fn, Buffer.from(b64, 'base64').toString('utf8'));
  }
  return results;
}
