// Reporters: plain text for people, JSON for tools, and GitHub Actions workflow commands for annotations.
import { relative } from 'node:path';
import { describeRef } from './kube.js';
import type { Finding } from './types.js';

export type FindingFormat = 'text' | 'json' | 'github';

export interface FormatOptions {
  /** Prefix turning a Helm source path ("web/templates/x.yaml") into a repository path (e.g. "charts/"). */
  sourcePrefix?: string;
}

export function formatFindings(findings: Finding[], format: FindingFormat, opts: FormatOptions = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(findings, null, 2)}\n`;
    case 'github':
      return findings.map((f) => githubLine(f, opts.sourcePrefix ?? '')).join('');
    case 'text':
      return text(findings);
  }
}

function where(f: Finding): string {
  const parts: string[] = [];
  if (f.at) parts.push(`${relative(process.cwd(), f.at.file) || f.at.file}:${f.at.line}:${f.at.col}`);
  if (f.release) parts.push(`release ${f.release}`);
  if (f.object) parts.push(describeRef(f.object));
  if (f.source) parts.push(`(${f.source}${f.path ? ` ${f.path}` : ''})`);
  else if (f.path) parts.push(`(${f.path})`);
  return parts.join(' ');
}

function text(findings: Finding[]): string {
  const lines = findings.map((f) =>
    f.waived === undefined
      ? `${f.severity.padEnd(7)} ${f.rule.padEnd(20)} ${where(f)}: ${f.message}`
      : `${'waived'.padEnd(7)} ${f.rule.padEnd(20)} ${where(f)}: ${f.message} — waived: ${f.waived}`,
  );
  const live = findings.filter((f) => f.waived === undefined);
  const errors = live.filter((f) => f.severity === 'error').length;
  const warnings = live.length - errors;
  const waived = findings.length - live.length;
  lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${waived ? `, ${waived} waived` : ''}`);
  return `${lines.join('\n')}\n`;
}

// https://docs.github.com/actions/reference/workflow-commands-for-github-actions: data and property values
// are percent-escaped; properties also escape ':' and ','.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function githubLine(f: Finding, sourcePrefix: string): string {
  const file = f.at ? relative(process.cwd(), f.at.file) : f.source ? sourcePrefix + f.source : '';
  const props = [`file=${escapeProperty(file)}`, `line=${f.at?.line ?? 1}`, `title=${escapeProperty(f.rule)}`];
  const head = [f.release ? `release ${f.release}` : '', f.object ? describeRef(f.object) : '', f.path ? `at ${f.path}` : '']
    .filter(Boolean)
    .join(' ');
  const message = (head ? `${head}: ${f.message}` : f.message) + (f.waived === undefined ? '' : ` (waived: ${f.waived})`);
  return `::${f.waived === undefined ? f.severity : 'notice'} ${props.join(',')}::${escapeData(message)}\n`;
}
