// Reporters: plain text for people, JSON for tools, and GitHub Actions workflow commands for annotations.
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
  if (f.release) parts.push(`release ${f.release}`);
  if (f.object) parts.push(describeRef(f.object));
  if (f.source) parts.push(`(${f.source}${f.path ? ` ${f.path}` : ''})`);
  else if (f.path) parts.push(`(${f.path})`);
  return parts.join(' ');
}

function text(findings: Finding[]): string {
  const lines = findings.map((f) => `${f.severity.padEnd(7)} ${f.rule.padEnd(20)} ${where(f)}: ${f.message}`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
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
  const props = [`file=${escapeProperty(f.source ? sourcePrefix + f.source : '')}`, 'line=1', `title=${escapeProperty(f.rule)}`];
  const head = [f.release ? `release ${f.release}` : '', f.object ? describeRef(f.object) : '', f.path ? `at ${f.path}` : '']
    .filter(Boolean)
    .join(' ');
  return `::${f.severity} ${props.join(',')}::${escapeData(head ? `${head}: ${f.message}` : f.message)}\n`;
}
