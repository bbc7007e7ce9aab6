// goyaml.v2's scanner and parser (src/goencoding/libyaml.ts) against helm v3.17.3's fromYaml, on seeded mutations of
// real YAML (the repository's values files and charts' documents): every text helm rejects must be rejected with
// helm's exact message by the readers, and the state machines must find nothing wrong in a text helm accepts.
// LIBYAML_SEED and LIBYAML_N widen the run.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goyamlSyntaxError } from '../../src/goencoding/libyaml.js';
import { parseYamlDocuments, parseYamlObject } from '../../src/goencoding/yaml.js';
import { Rng } from '../parity/fuzzgen.js';
import { stringCases } from './cases.js';
import { buildValuesYaml, runOracle } from './oracle.js';

const SEED = Number(process.env['LIBYAML_SEED'] ?? 7);
const N = Number(process.env['LIBYAML_N'] ?? 600);
const BLOCK_N = Number(process.env['LIBYAML_BLOCK_N'] ?? 600);
const repo = resolve(import.meta.dirname, '../..');

/** YAML texts to mutate: every values.yaml and ci file of charts/, cut into pieces of a few lines. */
function seeds(): string[] {
  const out: string[] = [];
  for (const chart of readdirSync(join(repo, 'charts'))) {
    const dir = join(repo, 'charts', chart);
    const files = ['values.yaml', ...(safeList(join(dir, 'ci')).map((f) => `ci/${f}`))];
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(join(dir, f), 'utf8');
      } catch {
        continue;
      }
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i += 12) out.push(lines.slice(i, i + 12).join('\n'));
    }
  }
  return out;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const PIECES = [':', ': ', '-', '- ', '[', ']', '{', '}', ',', '?', '? ', '"', "'", '|', '>', '&a', '*a', '!', '!!str ', '#', '\n', '\n  ', '  ', '\t', '%', '@', '`', '---\n', '...\n', 'key: ', '\\', '&', '*'];

function mutate(rng: Rng, text: string): string {
  let s = text;
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const at = rng.int(s.length + 1);
    const r = rng.next();
    if (r < 0.5) s = s.slice(0, at) + rng.pick(PIECES) + s.slice(at);
    else if (r < 0.8) s = s.slice(0, at) + s.slice(at + 1 + rng.int(3));
    else {
      // Re-indent a line.
      const lines = s.split('\n');
      const i = rng.int(lines.length);
      lines[i] = rng.chance(0.5) ? ` ${lines[i]}` : lines[i]!.replace(/^ /, '');
      s = lines.join('\n');
    }
  }
  return s;
}

describe('goyaml.v2 scanner and parser against helm', () => {
  it(`seed ${SEED}: ${N} mutated documents and the fixed cases fail (or not) with helm's message`, () => {
    const rng = new Rng(SEED);
    const base = seeds();
    const texts = [...stringCases().map((c) => c.text), ...Array.from({ length: N }, () => mutate(rng, rng.pick(base)))];
    // What fromYaml can carry: helm's values file must stay readable.
    const cases = texts.filter((t) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(t)).map((text, i) => ({ id: `s${String(i).padStart(4, '0')}`, text }));
    const helm = runOracle(buildValuesYaml([], cases));
    const wrong: string[] = [];
    let rejected = 0;
    for (const c of cases) {
      const out = JSON.parse(helm.get(c.id)?.get('fromYaml') ?? 'null') as Record<string, unknown> | null;
      const helmError = out && typeof out['Error'] === 'string' && Object.keys(out).length === 1 ? (out['Error'] as string) : undefined;
      let ours: string | undefined;
      try {
        parseYamlObject(c.text);
      } catch (e) {
        ours = (e as Error).message;
      }
      const syntax = goyamlSyntaxError(c.text);
      if (helmError !== undefined) rejected++;
      const syntaxError = helmError?.startsWith('error converting YAML to JSON: yaml: ') ? helmError.slice('error converting YAML to JSON: yaml: '.length) : undefined;
      // A message of the scanner or parser: ours must be helm's, and the state machines must name it.
      if (syntaxError !== undefined && /^(line \d+: )?(did not|could not|found|mapping|block sequence|exceeded)/.test(syntaxError)) {
        if (ours !== helmError || syntax !== syntaxError) wrong.push(`${JSON.stringify(c.text)}\n  helm:    ${helmError}\n  readers: ${ours}\n  machine: ${syntax}`);
      } else if (helmError === undefined && syntax !== undefined) {
        wrong.push(`${JSON.stringify(c.text)}\n  helm accepts it\n  machine: ${syntax}`);
      }
    }
    console.log(`libyaml: ${cases.length} texts, ${rejected} rejected by helm, ${wrong.length} differing`);
    expect(wrong.slice(0, 15).join('\n')).toBe('');
  }, 300_000);

  it(`seed ${SEED}: ${BLOCK_N} block scalars read as helm reads them`, () => {
    // Headers (chomping, indentation indicators), parents (mapping, nested, indentless and indented sequences),
    // lines of content, of spaces around the indentation, empty lines, a sibling after or the end of the text with
    // or without its line break: eemeli/yaml parts from libyaml on explicit indicators and on a last line without a
    // break.
    const rng = new Rng(SEED + 1000);
    const parents: Array<[string, number, string]> = [
      ['a: ', 0, 'b: 1'],
      ['a:\n  b: ', 2, '  c: 1'],
      ['a:\n- ', 0, '- x'],
      ['a:\n  - ', 2, '  - x'],
      ['a:\n  - b: ', 4, '    c: 1'],
      ['a:\n  - x\n  - ', 2, 'd: 1'],
    ];
    const texts: string[] = [];
    for (let n = 0; n < BLOCK_N; n++) {
      const [prefix, base, sibling] = rng.pick(parents);
      const chomp = rng.pick(['', '-', '+']);
      const digit = rng.chance(0.5) ? String(1 + rng.int(3)) : '';
      let text = prefix + rng.pick(['|', '>']) + (rng.chance(0.5) ? chomp + digit : digit + chomp) + (rng.chance(0.1) ? ' # c' : '') + '\n';
      const lines: string[] = [];
      for (let k = 1 + rng.int(4); k > 0; k--) {
        const r = rng.next();
        const pad = ' '.repeat(Math.max(0, base + rng.int(5) - 1));
        // A comment-like line comes first or after content: after blank lines deeper than it, libyaml ends the
        // scalar there and reads a comment, which eemeli/yaml rejects (a known difference, see README).
        const comment = lines.length === 0 || /\S/.test(lines.at(-1)!) ? ['#q'] : [];
        if (r < 0.45) lines.push(pad + rng.pick(['x', ' y', 'x  ', 'z z', '\tw', ...comment]));
        else if (r < 0.8) lines.push(pad);
        else lines.push('');
      }
      text += lines.join('\n');
      if (rng.chance(0.3)) text += '\n' + sibling;
      if (rng.chance(0.5)) text += '\n';
      texts.push(text);
    }
    const cases = texts.map((text, i) => ({ id: `s${String(i).padStart(4, '0')}`, text }));
    const helm = runOracle(buildValuesYaml([], cases));
    const wrong: string[] = [];
    for (const c of cases) {
      const out = JSON.parse(helm.get(c.id)?.get('fromYaml') ?? 'null') as Record<string, unknown> | null;
      const helmError = out && typeof out['Error'] === 'string' && Object.keys(out).length === 1 ? (out['Error'] as string) : undefined;
      const read = (f: () => unknown): string => {
        try {
          return JSON.stringify(f());
        } catch (e) {
          return `Error: ${(e as Error).message}`;
        }
      };
      const want = helmError !== undefined ? `Error: ${helmError}` : JSON.stringify(out);
      const quick = read(() => parseYamlObject(c.text));
      const exact = read(() => parseYamlDocuments(c.text)[0] ?? {});
      if (quick !== want || exact !== want) wrong.push(`${JSON.stringify(c.text)}\n  helm:  ${want}\n  ours:  ${quick}\n  exact: ${exact}`);
    }
    console.log(`block scalars: ${cases.length} texts, ${wrong.length} differing`);
    expect(wrong.slice(0, 15).join('\n')).toBe('');
  }, 300_000);
});
