// Terminal conventions: data on stdout, logs on stderr, colour only on a TTY without NO_COLOR, progress only on a TTY.
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';

/** The in-process engine; `--engine helm` runs the real binary for comparison. */
export const DEFAULT_ENGINE = 'native';

const useColor = () => Boolean(process.stderr.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';

function paint(code: number, s: string): string {
  return useColor() ? `\u001b[${code}m${s}\u001b[0m` : s;
}

export const log = {
  info(msg: string): void {
    process.stderr.write(`${msg}\n`);
  },
  warn(msg: string): void {
    process.stderr.write(`${paint(33, 'warning')}: ${msg}\n`);
  },
  error(msg: string): void {
    process.stderr.write(`${paint(31, 'error')}: ${msg}\n`);
  },
};

/** A one-line progress indicator that exists only on an interactive terminal. */
export function progress(label: string): { update(done: number, total: number, item: string): void; end(): void } {
  if (!process.stderr.isTTY) return { update() {}, end() {} };
  return {
    update(done, total, item) {
      process.stderr.write(`\r\u001b[2K${label} ${done}/${total} ${item}`);
    },
    end() {
      process.stderr.write('\r\u001b[2K');
    },
  };
}

/** Wall time per phase for `--timings`: each mark closes the phase since the previous one (the first since the
 *  process started, so it includes Node's own start-up and module loading). */
export function phaseClock(): { mark(phase: string): void; report(): void } {
  const phases: string[] = [];
  let last = 0;
  return {
    mark(phase) {
      const now = performance.now();
      phases.push(`${phase} ${Math.round(now - last)} ms`);
      last = now;
    },
    report() {
      log.info(`timings: ${phases.join(', ')}; total ${Math.round(last)} ms`);
    },
  };
}

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Run a command body; map our errors to messages on stderr and exit code 1. */
export async function run(body: () => Promise<number | void>): Promise<void> {
  try {
    const code = await body();
    process.exitCode = code ?? 0;
  } catch (e) {
    if (e instanceof DiagnosticError) {
      for (const d of e.diagnostics) log.error(d.format());
      log.error(`${e.diagnostics.length} problem${e.diagnostics.length === 1 ? '' : 's'} found; nothing was written`);
    } else {
      log.error(e instanceof Error ? e.message : String(e));
      if (process.env.BUNDLE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    }
    process.exitCode = 1;
  }
}

export function diagnosticsJson(diags: Diagnostic[]): unknown[] {
  return diags.map((d) => d.toJSON());
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || value.trim() === '') throw new InvalidArgumentError(`expected a number of seconds, got "${value}"`);
  return n;
}

export function engineOption(): Option {
  return new Option('--engine <name>', 'template engine').choices(['native', 'helm']).default(DEFAULT_ENGINE);
}

export function formatOption(): Option {
  return new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text');
}

/** -r/--release and -l/--selector: the releases a command works on (src/env/select.ts). */
export function withSelectOptions(cmd: Command): Command {
  return cmd
    .option('-r, --release <name>', 'only this release; repeatable', collect, [])
    .option(
      '-l, --selector <key=value>',
      'only the releases whose labels match (key=value,key2!=value: all must hold); repeatable, adding up; name, chart, namespace and wave are labels too',
      collect,
      [],
    );
}

/** The options of every command that writes an output folder under an ownership record and a lock. */
export function withWriteOptions(cmd: Command): Command {
  return cmd
    .option('--adopt', 'take over files at rendered paths that bundle did not write (otherwise a conflict)', false)
    .option('--force', 'overwrite or prune owned files that were edited by hand (otherwise a conflict)', false)
    .option('--lock-timeout <seconds>', 'how long to wait for another run writing the same folder', nonNegativeNumber, 60);
}

export function selectionOf(opts: { release?: string[]; selector?: string[] }): { releases: string[]; selectors: string[] } {
  return { releases: opts.release ?? [], selectors: opts.selector ?? [] };
}

/** --set, --set-string, --set-json, --set-file: the last values layer, of every release or (`<release>:key=…`) one. */
export function withSetOptions(cmd: Command): Command {
  return cmd
    .option('--set <[release:]key=value>', 'set a value (Helm --set rules) on every release, or on one with a release: prefix; repeatable', collect, [])
    .option('--set-string <[release:]key=value>', 'set a string value, as --set; repeatable', collect, [])
    .option('--set-json <[release:]key=json>', 'set a JSON value (Helm --set-json), as --set; repeatable', collect, [])
    .option('--set-file <[release:]key=path>', 'set a value to a file\'s content (Helm --set-file; path relative to the current folder), as --set; repeatable', collect, []);
}

/** The --set* options of a command, for prepare/renderFiles. */
export function setsOf(opts: { set?: string[]; setString?: string[]; setJson?: string[]; setFile?: string[] }) {
  return { set: opts.set, setString: opts.setString, setJson: opts.setJson, setFile: opts.setFile };
}

/** The options of every command that renders an env: engine, concurrency, --no-cache, --skip-tests, --set*, --timeout. */
export function withRenderOptions(cmd: Command): Command {
  return withSetOptions(
    cmd
      .addOption(engineOption())
      .option('--concurrency <n>', 'releases rendered at once', positiveInt, Math.min(4, availableParallelism()))
      .option('--no-cache', 'render and validate every release again instead of reusing .bundle-cache/')
      .option('--skip-tests', 'leave out Helm test hooks, as helm template --skip-tests does', false)
      .option('--timeout <seconds>', 'give up (exit 1, nothing written) when the run takes longer than this', nonNegativeNumber),
  );
}

/** The cache setting for prepare(): on unless --no-cache; a cache that cannot be written is one warning. */
export function cacheOption(opts: { cache?: boolean }): { warn(message: string): void } | undefined {
  return opts.cache === false ? undefined : { warn: log.warn };
}

/** --timeout: the deadline templates stop at (Date.now() milliseconds), and a timer for everything else (loading,
 *  git, waiting for a lock) that cleans up and exits 1. No deadline without the option. */
export function armTimeout(seconds: number | undefined): number | undefined {
  if (!seconds) return undefined;
  setTimeout(async () => {
    log.error(`gave up after ${seconds} s (--timeout); nothing was written`);
    const { exitAfterCleanup } = await import('../process-cleanup.js');
    exitAfterCleanup(1);
  }, seconds * 1000).unref();
  return Date.now() + seconds * 1000;
}
