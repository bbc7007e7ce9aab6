/// <reference types="node" />
// Runs the real helm binary (the oracle) on throwaway charts, with a clean environment.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export function helmBinary(major: 3 | 4 = 3): string {
  const dir = process.env.BUNDLE_TOOLS_DIR ?? join(homedir(), '.cache/bundle-tools');
  return join(dir, `helm-v${major}/helm`);
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Write a chart named `c` with the given template files and values.yaml; returns its directory. */
export function writeChart(templates: Record<string, string>, values: string): string {
  const root = mkdtempSync(join(tmpdir(), 'gotemplate-oracle-'));
  const dir = join(root, 'c');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'values.yaml'), values);
  for (const [name, text] of Object.entries(templates)) writeFileSync(join(dir, 'templates', name), text);
  return dir;
}

export function helmTemplate(chartDir: string, major: 3 | 4 = 3): HelmResult {
  const home = mkdtempSync(join(tmpdir(), 'gotemplate-helm-home-'));
  const r = spawnSync(helmBinary(major), ['template', chartDir, '--kube-version', '1.30.0'], {
    env: { HOME: home, PATH: '/usr/bin:/bin', TZ: 'UTC', LC_ALL: 'C' },
    encoding: 'utf8',
  });
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Cases are stored as `### name` headers, each followed by the template text (the last newline is not part of it). */
export function parseCases(text: string): { name: string; tpl: string }[] {
  const parts = text.split(/^### (.+)\n/m);
  const cases: { name: string; tpl: string }[] = [];
  for (let i = 1; i < parts.length; i += 2) cases.push({ name: parts[i]!, tpl: parts[i + 1]!.replace(/\n$/, '') });
  return cases;
}

/** Helm's cleanupParseError: "parse error at (LOCATION): LAST-MESSAGE-PART". */
export function helmParseError(goMessage: string): string {
  const tokens = goMessage.split(': ');
  return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
}
