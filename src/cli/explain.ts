// `bundle explain <env> <release> <path>`: which layer set a value, where, and what it overrode.
import { relative } from 'node:path';
import type { Command } from 'commander';
import { toPointer } from '../schema/pointer.js';
import { formatOption, out, run, withSetOptions } from './io.js';

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
    program
      .command('explain')
      .description('show which values layer set a value (chart default, base, env, --set), with file:line, and what it overrode')
      .argument('<env>', 'env/<name>, <name>, or an overlay path')
      .argument('<release>', 'release name')
      .argument('<path>', 'values path, e.g. controller.replicaCount or nodes[0].ip')
      .addOption(formatOption())
  ).action((envArg: string, releaseName: string, path: string, opts) =>
    run(async () => {
      const { getPointer, history } = await import('../env/values.js');
      const { prepare } = await import('../pipeline.js');
      const prepared = await prepare(envArg, { set: opts.set, setString: opts.setString });
      const found = prepared.releases.find((r) => r.release.name === releaseName);
      if (!found) {
        const names = prepared.releases.map((r) => r.release.name).join(', ');
        throw new Error(`release "${releaseName}" is not an enabled release of ${prepared.env.name}; expected one of: ${names}`);
      }
      const pointer = valuesPathToPointer(path);
      const steps = history(found.layers, pointer).map((h) => ({
        layer: h.layer.name,
        file: h.file ? relative(process.cwd(), h.file) : undefined,
        line: h.line,
        col: h.col,
        value: h.value,
      }));
      const final = getPointer(found.values, pointer);
      if (opts.output === 'json') {
        out(JSON.stringify({ env: prepared.env.name, release: releaseName, path, pointer, value: final ?? null, layers: steps }, null, 2));
        return steps.length > 0 ? 0 : 1;
      }
      if (steps.length === 0) throw new Error(`${path}: no layer sets this value for release ${releaseName}`);
      out(`${releaseName} ${path} = ${JSON.stringify(final ?? null)}`);
      steps.forEach((s, i) => {
        const where = s.file ? `${s.file}:${s.line}:${s.col}` : '(command line)';
        const verb = i === steps.length - 1 ? 'set' : 'overridden';
        out(`  ${s.layer.padEnd(14)} ${where.padEnd(48)} ${JSON.stringify(s.value)}${i === steps.length - 1 ? '' : `  (${verb})`}`);
      });
    }),
  );
}
