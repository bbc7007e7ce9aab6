// Compare two rendered env trees object by object: added / removed / changed, with unified YAML diffs, secrets masked.
import { createHmac } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { parse, stringify } from 'yaml';
import { OWNED_FILE } from '../output/owned.js';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ObjectChange {
  path: string;
  release: string;
  kind?: string;
  name?: string;
  namespace?: string;
  change: ChangeKind;
  /** Unified diff of the two YAML texts (Secret values masked). */
  diff: string;
  /** Why the object could not be fully checked (`--live`: e.g. its namespace is created by the same sync). */
  note?: string;
}

/** An object the API server refused (`--live`). */
export interface Rejection {
  path: string;
  kind?: string;
  name?: string;
  namespace?: string;
  reason: string;
  message: string;
}

export interface TreeDiff {
  changes: ObjectChange[];
  summary: Record<ChangeKind, number>;
  /** `--live` only. */
  rejected?: Rejection[];
}

/** Secret values never reach a diff or a PR comment; a short HMAC under the repository's salt (salt.ts) still shows
 *  that a value changed. */
export function maskSecrets(text: string, salt: string): string {
  let obj: any;
  try {
    obj = parse(text);
  } catch {
    return text;
  }
  if (obj?.kind !== 'Secret') return text;
  return stringify(maskSecretObject(obj, salt), { lineWidth: 0 });
}

/** A Secret's `data` and `stringData` values replaced by a short HMAC, in place; other objects are returned as they are. */
export function maskSecretObject(obj: any, salt: string): any {
  if (obj?.kind !== 'Secret') return obj;
  for (const field of ['data', 'stringData']) {
    if (obj[field] && typeof obj[field] === 'object') {
      for (const k of Object.keys(obj[field])) {
        obj[field][k] = `<masked hmac-sha256:${createHmac('sha256', salt).update(String(obj[field][k])).digest('hex').slice(0, 12)}>`;
      }
    }
  }
  return obj;
}

function describe(text: string): { kind?: string; name?: string; namespace?: string } {
  try {
    const o = parse(text);
    return { kind: o?.kind, name: o?.metadata?.name, namespace: o?.metadata?.namespace };
  } catch {
    return {};
  }
}

/** The files of a published tree that bundle owns (per its record); foreign files are not ours to compare. */
export function ownedOnly(tree: Map<string, string>): Map<string, string> {
  const record = tree.get(OWNED_FILE);
  if (record === undefined) return tree;
  const owned = new Set(record.split('\n').map((l) => /^[0-9a-f]{64} {2}(.+)$/.exec(l)?.[1]).filter(Boolean));
  return new Map([...tree].filter(([p]) => owned.has(p)));
}

/** `--- a/<path>` / `+++ b/<path>` hunks with 3 lines of context (no `Index:` header). */
export function unifiedDiff(path: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 }).split('\n').slice(1).join('\n');
}

export function compareTrees(before: Map<string, string>, after: Map<string, string>, salt: string): TreeDiff {
  before = ownedOnly(before);
  after = ownedOnly(after);
  const changes: ObjectChange[] = [];
  const paths = [...new Set([...before.keys(), ...after.keys()])].filter((p) => p !== OWNED_FILE).sort();
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) continue;
    const change: ChangeKind = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
    const diff = unifiedDiff(path, maskSecrets(a ?? '', salt), maskSecrets(b ?? '', salt));
    changes.push({ path, release: path.split('/')[0]!, ...describe(b ?? a ?? ''), change, diff });
  }
  const summary = { added: 0, removed: 0, changed: 0 };
  for (const c of changes) summary[c.change]++;
  return { changes, summary };
}

export interface FormatOptions {
  /** Lines added and removed per object instead of the diffs (`--stat`). */
  stat?: boolean;
  /** ANSI colours for the text format (a terminal, `--color always`). */
  color?: boolean;
}

/** Lines a unified diff adds and removes (its `+++`/`---` headers aside). */
export function lineCounts(diff: string): { insertions: number; deletions: number } {
  let insertions = 0;
  let deletions = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++ ')) insertions++;
    else if (line.startsWith('-') && !line.startsWith('--- ')) deletions++;
  }
  return { insertions, deletions };
}

const ANSI = { bold: 1, red: 31, green: 32, cyan: 36 } as const;
const paint = (on: boolean, code: number, s: string) => (on && s !== '' ? `\u001b[${code}m${s}\u001b[0m` : s);

/** A unified diff coloured as git colours one: headers bold, hunk markers cyan, removals red, additions green. */
function colorDiff(diff: string, on: boolean): string {
  if (!on) return diff;
  return diff
    .split('\n')
    .map((l) =>
      l.startsWith('--- ') || l.startsWith('+++ ')
        ? paint(on, ANSI.bold, l)
        : l.startsWith('@@')
          ? paint(on, ANSI.cyan, l)
          : l.startsWith('+')
            ? paint(on, ANSI.green, l)
            : l.startsWith('-')
              ? paint(on, ANSI.red, l)
              : l,
    )
    .join('\n');
}

/** `git diff --stat`: one line per object, `|`, the lines changed and a bar of + and -, then the totals. */
function statLines(changes: ObjectChange[], color: boolean): string[] {
  const counts = changes.map((c) => ({ path: c.path, ...lineCounts(c.diff) }));
  const width = Math.max(0, ...counts.map((c) => c.path.length));
  const most = Math.max(1, ...counts.map((c) => c.insertions + c.deletions));
  const digits = String(most).length;
  const barMax = 40;
  const lines = counts.map((c) => {
    const total = c.insertions + c.deletions;
    const scale = most > barMax ? barMax / most : 1;
    const plus = Math.round(c.insertions * scale) || (c.insertions > 0 ? 1 : 0);
    const minus = Math.round(c.deletions * scale) || (c.deletions > 0 ? 1 : 0);
    return ` ${c.path.padEnd(width)} | ${String(total).padStart(digits)} ${paint(color, ANSI.green, '+'.repeat(plus))}${paint(color, ANSI.red, '-'.repeat(minus))}`;
  });
  const ins = counts.reduce((n, c) => n + c.insertions, 0);
  const del = counts.reduce((n, c) => n + c.deletions, 0);
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  lines.push(` ${plural(counts.length, 'object changed', 'objects changed')}, ${plural(ins, 'insertion(+)', 'insertions(+)')}, ${plural(del, 'deletion(-)', 'deletions(-)')}`);
  return lines;
}

export function formatDiff(d: TreeDiff, format: 'text' | 'json' | 'markdown', title: string, opts: FormatOptions = {}): string {
  if (format === 'json') {
    const releases = [...new Set(d.changes.map((c) => c.release))].map((release) => ({
      release,
      objects: d.changes
        .filter((c) => c.release === release)
        .map(({ release: _r, ...rest }) => (opts.stat ? { ...rest, ...lineCounts(rest.diff) } : rest)),
    }));
    const rejected = d.rejected ? { rejected: d.rejected } : {};
    return JSON.stringify({ title, changed: d.changes.length > 0, summary: d.summary, releases, ...rejected }, null, 2);
  }
  const releases = [...new Set(d.changes.map((c) => c.release))];
  const label = (c: ObjectChange) => `${c.kind ?? '?'} ${c.namespace ? `${c.namespace}/` : ''}${c.name ?? c.path}`;
  const counts = `${d.summary.added} added, ${d.summary.changed} changed, ${d.summary.removed} removed`;
  const rejected = d.rejected ?? [];
  const rejectedLine = (x: Rejection) => `${x.kind ?? '?'} ${x.namespace ? `${x.namespace}/` : ''}${x.name ?? x.path} (${x.path}): ${x.reason ? `${x.reason}: ` : ''}${x.message}`;
  const note = (c: ObjectChange) => (c.note ? ` — ${c.note}` : '');
  if (format === 'markdown') {
    const lines = [`### ${title}`, '', d.changes.length === 0 ? 'No changes.' : counts, ''];
    if (opts.stat) {
      if (d.changes.length > 0) {
        lines.push('| object | change | + | - |', '|---|---|---:|---:|');
        for (const c of d.changes) {
          const n = lineCounts(c.diff);
          lines.push(`| \`${c.path}\` | ${c.change} | ${n.insertions} | ${n.deletions} |`);
        }
        lines.push('');
      }
      if (rejected.length > 0) lines.push(`**Rejected by the API server (${rejected.length}):**`, '', ...rejected.map((x) => `- ${rejectedLine(x)}`), '');
      return lines.join('\n');
    }
    for (const r of releases) {
      lines.push(`<details><summary><b>${r}</b>: ${d.changes.filter((c) => c.release === r).length} object(s)</summary>`, '');
      for (const c of d.changes.filter((x) => x.release === r)) {
        lines.push(`**${c.change}** \`${label(c)}\`${note(c)}`, '', '```diff', c.diff.trimEnd(), '```', '');
      }
      lines.push('</details>', '');
    }
    if (rejected.length > 0) lines.push(`**Rejected by the API server (${rejected.length}):**`, '', ...rejected.map((x) => `- ${rejectedLine(x)}`), '');
    return lines.join('\n');
  }
  const tail = rejected.length > 0 ? ['', `== rejected by the API server: ${rejected.length}`, ...rejected.map((x) => `-- ${rejectedLine(x)}`)] : [];
  if (d.changes.length === 0) return [`${title}: no changes`, ...tail].join('\n');
  const lines = [`${title}: ${counts}`];
  if (opts.stat) return [...lines, ...statLines(d.changes, opts.color ?? false), ...tail].join('\n');
  for (const r of releases) {
    lines.push('', paint(opts.color ?? false, ANSI.bold, `== ${r}`));
    for (const c of d.changes.filter((x) => x.release === r)) lines.push(`-- ${c.change}: ${label(c)} (${c.path})${note(c)}`, colorDiff(c.diff.trimEnd(), opts.color ?? false));
  }
  return [...lines, ...tail].join('\n');
}
