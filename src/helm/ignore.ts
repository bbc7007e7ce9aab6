// .helmignore rules (helm pkg/ignore): one filepath.Match pattern per line, `!` negation, trailing `/` for directories,
// leading `/` anchors at the chart root, patterns without `/` match the base name; `**` is rejected.
import { pathMatch } from './pathmatch.js';

interface Rule {
  negate: boolean;
  mustDir: boolean;
  match: (path: string) => boolean;
}

export class IgnoreRules {
  private readonly rules: Rule[] = [];

  static parse(text: string): IgnoreRules {
    const r = new IgnoreRules();
    for (const line of text.split('\n')) r.addRule(line);
    return r;
  }

  /** Helm always ignores dot-files in templates/. */
  addDefaults(): void {
    this.addRule('templates/.?*');
  }

  addRule(line: string): void {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new Error('double-star (**) syntax is not supported');
    pathMatch(rule, 'abc'); // throws for a malformed pattern, like helm's compile check
    const negate = rule.startsWith('!');
    if (negate) rule = rule.slice(1);
    const mustDir = rule.endsWith('/');
    if (mustDir) rule = rule.slice(0, -1);
    let match: (path: string) => boolean;
    if (rule.startsWith('/')) {
      const anchored = rule.slice(1);
      match = (p) => safeMatch(anchored, p);
    } else if (rule.includes('/')) {
      match = (p) => safeMatch(rule, p);
    } else {
      match = (p) => safeMatch(rule, p.slice(p.lastIndexOf('/') + 1));
    }
    this.rules.push({ negate, mustDir, match });
  }

  /** Rules.Ignore: note that a negated rule ignores every path it does NOT match (helm's behaviour). */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const r of this.rules) {
      if (r.negate) {
        if (r.mustDir && !isDir) return true;
        if (!r.match(path)) return true;
        continue;
      }
      if (r.mustDir && !isDir) continue;
      if (r.match(path)) return true;
    }
    return false;
  }
}

function safeMatch(pattern: string, name: string): boolean {
  try {
    return pathMatch(pattern, name);
  } catch {
    return false;
  }
}
