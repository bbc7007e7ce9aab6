// `bundle explain <env> <release> <path>`: which layer set a value, where, and what it overrode.
import { relative } from 'node:path';
import type { Command } from 'commander';
import { toPointer } from '../schema/pointer.js';
import { formatOption, out, run, selectionOf, withSelectOptions, withSetOptions, setsOf } from './io.js';

/** `a.b[0].c` or `a.b.0.c` → `/a/b/0/c`; `\.` keeps a dot inside a key, as in Helm's --set. */
export function valuesPathToPointer(path: string): string {
  const segments: string[] = [];
  for (const part of path.split(/(?<!\\)\./)) {
    const m = /^(.*?)((?:\[\d+\])*)$/.exec(part)!;
    if (m[1]) segments.push(m[1].replace(/\\\./g, '.'));
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) segments.push(idx[1]!);
  }
  return toPointer(segments);
}

export function registerExplain(program: Command): void {
  withSetOptions(
    withSelectOptions(
      program
        .command('explain')
        .description('show which values layer set a value (chart default, base, env, --set), with file:line, and what it overrode')
        .argument('<env>', 'env/<name>, <name>, or an overlay path')
        .argument('<release>', 'release name (left out with -r/-l: then every selected release is explained)')
        .argument('[path]', 'values path, e.g. controller.replicas or nodes[0].ip')
        .addOption(formatOption()),
    ),
  ).action((envArg: string, first: string, second: string | undefined, opts) =>
    run(async () => {
      const { getPointer, history } = await import('../env/values.js');
      const { isSelecting } = await import('../env/select.js');
      const { prepare } = await import('../pipeline.js');
      const selecting = isSelecting(selectionOf(opts));
      if (selecting && second !== undefined) throw new Error('with -r/-l, give the env and the values path only: bundle explain <env> -r <release> <path>');
      if (!selecting && second === undefined) throw new Error('missing values path: bundle explain <env> <release> <path> (or -r/-l and <path>)');
      const path = selecting ? first : second!;
      const selection = selecting ? selectionOf(opts) : { releases: [first], selectors: [] };
      const prepared = await prepare(envArg, { ...setsOf(opts), selection });
      const pointer = valuesPathToPointer(path);
      const results = prepared.releases.map((found) => ({
        release: found.release.name,
        value: getPointer(found.values, pointer),
        layers: history(found.layers, pointer).map((h) => ({
          layer: h.layer.name,
          file: h.file ? relative(process.cwd(), h.file) : undefined,
          line: h.line,
          col: h.col,
          value: h.value,
        })),
      }));
      const unset = results.filter((r) => r.layers.length === 0);
      if (opts.output === 'json') {
        const json = (r: (typeof results)[number]) => ({ env: prepared.env.name, release: r.release, path, pointer, value: r.value ?? null, layers: r.layers });
        out(JSON.stringify(selecting ? results.map(json) : json(results[0]!), null, 2));
        return unset.length === results.length ? 1 : 0;
      }
      if (!selecting && unset.length > 0) throw new Error(`${path}: no layer sets this value for release ${first}`);
      for (const r of results) {
        if (r.layers.length === 0) {
          out(`${r.release} ${path}: not set by any layer`);
          continue;
        }
        out(`${r.release} ${path} = ${JSON.stringify(r.value ?? null)}`);
        r.layers.forEach((s, i) => {
          const where = s.file ? `${s.file}:${s.line}:${s.col}` : '(command line)';
          out(`  ${s.layer.padEnd(14)} ${where.padEnd(48)} ${JSON.stringify(s.value)}${i === r.layers.length - 1 ? '' : '  (overridden)'}`);
        });
      }
      return unset.length === results.length ? 1 : 0;
    }),
  );
}
