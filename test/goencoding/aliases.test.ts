// Alias expansion against real helm: goyaml.v2 refuses documents whose decoding is mostly alias expansion ("document
// contains excessive aliasing"), judged node by node while decoding. Seeded generated documents around that limit
// (ALIAS_SEED, ALIAS_N to widen the search by hand) must be accepted or refused exactly as helm's fromYaml does.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { marshalJson } from '../../src/goencoding/json.js';
import { parseYamlObject } from '../../src/goencoding/yaml.js';
import { helmV3, yamlQuote } from './oracle.js';

function generator(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
}

/** Roughly log-uniform in [0, max]. */
const sized = (rnd: (n: number) => number, max: number) => Math.floor(Math.exp((rnd(1000) / 1000) * Math.log(max + 1))) - 1;

/** Documents of anchors (maps and lists, some holding aliases of earlier anchors) then entries that are plain, alias
 *  values, alias keys, merges and lists of aliases, in random order. */
function documents(seed: number, count: number): Array<{ id: string; text: string }> {
  const rnd = generator(seed);
  const docs = [];
  for (let d = 0; d < count; d++) {
    if (d % 2 === 0) {
      docs.push({ id: `s${String(d).padStart(4, '0')}`, text: edgeDocument(rnd) });
      continue;
    }
    const lines: string[] = [];
    const anchors: string[] = [];
    const maps: string[] = [];
    for (let a = 0; a <= rnd(3); a++) {
      const name = `a${a}`;
      const size = 1 + sized(rnd, 1000);
      if (rnd(3) === 0) {
        lines.push(`${name}: &${name}`, ...Array.from({ length: size }, (_, i) => `  - ${anchors.length > 0 && rnd(10) === 0 ? `*${anchors[rnd(anchors.length)]}` : `v${i}`}`));
      } else {
        lines.push(`${name}: &${name}`, ...Array.from({ length: size }, (_, i) => `  k${i}: ${anchors.length > 0 && rnd(10) === 0 ? `*${anchors[rnd(anchors.length)]}` : i}`));
        maps.push(name);
      }
      anchors.push(name);
    }
    lines.push(`key: &key k`);
    const entries: string[] = [];
    for (let i = 0, n = sized(rnd, 2000); i < n; i++) entries.push(`p${i}: ${i}`);
    for (let i = 0, n = sized(rnd, 500); i < n; i++) {
      const pick = () => anchors[rnd(anchors.length)]!;
      switch (rnd(5)) {
        case 0:
          entries.push(`r${i}: [${Array.from({ length: 1 + rnd(4) }, pick).map((x) => `*${x}`).join(', ')}]`);
          break;
        case 1:
          if (maps.length > 0) entries.push(`m${i}:\n  <<: ${rnd(2) ? `*${maps[rnd(maps.length)]}` : `[${maps.map((m) => `*${m}`).join(', ')}]`}\n  own: 1`);
          break;
        case 2:
          entries.push(`n${i}:\n  *key : v`);
          break;
        default:
          entries.push(`r${i}: *${pick()}`);
      }
    }
    // Plain entries first, last, or mixed in: goyaml judges as it goes, so the order decides.
    const order = rnd(3);
    if (order === 1) entries.reverse();
    else if (order === 2) entries.sort(() => rnd(3) - 1);
    docs.push({ id: `s${String(d).padStart(4, '0')}`, text: `${lines.join('\n')}\n${entries.join('\n')}\n` });
  }
  return docs;
}

/** One anchored map of `size` entries aliased `refs` times after `plain` entries, with `plain` drawn around the
 *  number at which the aliased share of all decoded nodes crosses 99%: the limit itself. */
function edgeDocument(rnd: (n: number) => number): string {
  const size = 150 + rnd(400);
  const refs = 100 + rnd(300);
  // Each alias decodes 2·size+1 aliased nodes; the rest (document, root, anchor, its key, each ref's key and alias
  // node, two per plain entry) is not aliased. Refused when the rest is below 1/99 of the aliased nodes.
  const aliased = refs * (2 * size + 1);
  const others = 6 + 2 * size + 2 * refs;
  const tip = Math.max(0, (aliased / 99 - others) / 2);
  const plain = Math.round(tip * (0.9 + rnd(201) / 1000));
  const anchor = Array.from({ length: size }, (_, i) => `  k${i}: ${i}`).join('\n');
  const body = [...Array.from({ length: plain }, (_, i) => `p${i}: ${i}`), ...Array.from({ length: refs }, (_, i) => `r${i}: *a`)];
  return `a: &a\n${anchor}\nkey: &key k\n${body.join('\n')}\n`;
}

/** Per document: helm's error text, or the number of keys and a hash of the JSON it decodes to. */
function helmVerdicts(docs: Array<{ id: string; text: string }>): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'aliases-oracle-'));
  const chart = join(dir, 'oracle');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: oracle\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'values.yaml'), `docs:\n${docs.map((d) => `  ${d.id}: ${yamlQuote(d.text)}`).join('\n')}\n`);
  writeFileSync(
    join(chart, 'templates/cases.yaml'),
    '{{- range $k, $s := .Values.docs }}{{ $r := fromYaml $s }}\n# {{ $k }} {{ if hasKey $r "Error" }}{{ $r.Error }}{{ else }}{{ len $r }} {{ toJson $r | sha256sum }}{{ end }}\n{{- end }}\n',
  );
  const stdout = execFileSync(helmV3, ['template', 'r', chart], { env: { HOME: dir, PATH: '/usr/bin:/bin', LC_ALL: 'C' }, encoding: 'utf8', maxBuffer: 64 << 20 });
  return new Map([...stdout.matchAll(/^# (s\d+) (.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

function ourVerdict(text: string): string {
  try {
    const v = parseYamlObject(text);
    return `${Object.keys(v).length} ${createHash('sha256').update(marshalJson(v)).digest('hex')}`;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('alias expansion limit vs helm v3.17.3', () => {
  const seed = Number(process.env.ALIAS_SEED ?? 20261207);
  const docs = documents(seed, Number(process.env.ALIAS_N ?? 150));
  const helm = helmVerdicts(docs);

  it(`accepts and refuses generated documents as helm does (seed ${seed})`, () => {
    const ours = new Map(docs.map((d) => [d.id, ourVerdict(d.text)]));
    const diffs = docs.filter((d) => helm.get(d.id) !== ours.get(d.id)).map((d) => `${d.id}: helm ${helm.get(d.id)} / ours ${ours.get(d.id)}`);
    const refused = docs.filter((d) => helm.get(d.id)!.includes('excessive aliasing')).length;
    // The generator must land on both sides of the limit for the comparison to mean something.
    console.log(`aliases: ${refused} of ${docs.length} refused by helm, ${diffs.length} differences`);
    expect(refused).toBeGreaterThan(docs.length / 10);
    expect(refused).toBeLessThan(docs.length * 0.9);
    expect(diffs).toEqual([]);
  }, 600_000);

  it('refuses a billion-laughs document with goyaml\'s words (also through a chart\'s values and -f)', () => {
    const levels = 'abcdefghi'.split('');
    const bomb = levels
      .map((l, i) => `${l}: &${l} [${Array.from({ length: 9 }, () => (i === 0 ? '"lol"' : `*${levels[i - 1]}`)).join(',')}]`)
      .join('\n');
    expect(() => parseYamlObject(bomb)).toThrow('error converting YAML to JSON: yaml: document contains excessive aliasing');
    expect(() => parseYamlObject('a: &a [*a]')).toThrow("error converting YAML to JSON: yaml: anchor 'a' value contains itself");
  });
});
