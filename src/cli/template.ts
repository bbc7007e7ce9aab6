// `bundle template [NAME] [CHART] [flags]`: exactly what `helm template` (v3.17) prints and writes for the same
// arguments. Every flag of `helm template --help` is accepted with pflag's value syntax (comma-separated lists,
// `--flag=value` for booleans, key=value maps, Go durations and numbers) and helm's error texts; flags that only
// matter to a cluster or a download are accepted and change nothing, unless their use needs the network (then an
// error says so). `--engine helm` runs helm itself with the arguments unchanged.
import { Command, CommanderError, Option } from 'commander';
import { quote } from '../gotemplate/strconv.js';
import { goBytes, goString } from '../helm/gostrings.js';
import { findPostRenderer, type PostRenderer } from '../helm/postrender.js';
import type { TemplateOptions } from '../helm/template.js';
import { parseDuration } from '../sprig/duration.js';
import { DEFAULT_ENGINE } from './io.js';

/** Where the command's output goes: the process's streams, or a caller's (tests run it in-process). */
export interface TemplateIO {
  stdout(data: string | Uint8Array): void;
  /** A Go string (bytes that are not UTF-8 as the value model's escapes): write it with goBytes. */
  stderr(text: string): void;
  env: Record<string, string | undefined>;
}

export const processIO: TemplateIO = {
  stdout: (d) => process.stdout.write(d),
  stderr: (t) => process.stderr.write(goBytes(t)),
  env: process.env,
};

const USAGE = 'Usage:  bundle template [NAME] [CHART] [flags]';

/** A flag value helm's flag parser rejects: `message` is pflag's text. */
class FlagError extends Error {}

const BOOL_FLAGS = new Set([
  'atomic', 'create-namespace', 'dependency-update', 'devel', 'disable-openapi-validation', 'enable-dns', 'force',
  'generate-name', 'hide-notes', 'include-crds', 'insecure-skip-tls-verify', 'is-upgrade', 'no-hooks', 'pass-credentials',
  'plain-http', 'release-name', 'render-subchart-notes', 'replace', 'skip-crds', 'skip-schema-validation', 'skip-tests',
  'take-ownership', 'validate', 'verify', 'wait', 'wait-for-jobs', 'debug', 'kube-insecure-skip-tls-verify', 'help',
]);
const SHORT_BOOLS: Record<string, string> = { g: 'generate-name', h: 'help' };
const SHORT_VALUES = new Set(['a', 'f', 'l', 'n', 's']);
const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const GO_FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * pflag syntax commander does not share, rewritten before commander parses: `--bool=value` (the last occurrence of a
 * boolean wins), `-x=value` for short flags, and `--dry-run` without `=`, which takes no value from the next argument.
 */
export function preprocessArgs(args: string[]): string[] {
  const out: string[] = [];
  const bools = new Map<string, { value: boolean; at: number }>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.push(...args.slice(i));
      break;
    }
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(a);
    const short = /^-([a-zA-Z])=(.*)$/s.exec(a);
    const boolName = long ? long[1]! : short && SHORT_BOOLS[short[1]!] ? SHORT_BOOLS[short[1]!]! : a === '-g' ? 'generate-name' : undefined;
    if (boolName !== undefined && BOOL_FLAGS.has(boolName)) {
      const text = long ? long[2] : short ? short[2] : undefined;
      let value = true;
      if (text !== undefined) {
        if (GO_TRUE.includes(text)) value = true;
        else if (GO_FALSE.includes(text)) value = false;
        else {
          const flag = boolName === 'generate-name' ? '-g, --generate-name' : `--${boolName}`;
          throw new FlagError(`invalid argument ${quote(text)} for ${quote(flag)} flag: strconv.ParseBool: parsing ${quote(text)}: invalid syntax`);
        }
      }
      bools.set(boolName, { value, at: out.length });
      out.push(`--${boolName}`);
      continue;
    }
    if (a === '--dry-run') {
      out.push('--dry-run=client');
      continue;
    }
    if (short && SHORT_VALUES.has(short[1]!)) {
      out.push(`-${short[1]}`, short[2]!);
      continue;
    }
    out.push(a);
  }
  // Only the last occurrence of each boolean counts; a false one is no flag at all.
  const keep = new Set([...bools.values()].filter((b) => b.value).map((b) => b.at));
  return out.filter((a, i) => !(a.startsWith('--') && BOOL_FLAGS.has(a.slice(2)) && !keep.has(i)));
}

/**
 * pflag's parse, for its first error in argument order (commander reports unknown options and bad values in its own
 * order and words): `unknown flag: --x`, `unknown shorthand flag: 'x' in -xy`, `flag needs an argument: --x`, `bad
 * flag syntax: ---x`, or a value a flag's parser rejects. The values go to a scratch copy of the flags, so their
 * parsers (the post-renderer's look-up included) see what precedes them, as pflag's do.
 */
export function pflagError(args: string[], path: string): string | undefined {
  const scratch = addFlags(new Command(), { args: [], path });
  // cobra's help is an ordinary boolean flag: the arguments are parsed (and may fail) before help is shown.
  const options = [...scratch.options, new Option('-h, --help')];
  const byLong = new Map(options.map((o) => [o.long!.slice(2), o]));
  const byShort = new Map(options.filter((o) => o.short).map((o) => [o.short!.slice(1), o]));
  const prev = new Map<Option, unknown>();
  const set = (o: Option, value: string): string | undefined => {
    const name = o.long!.slice(2);
    if (!o.required && !o.optional) {
      if (GO_TRUE.includes(value) || GO_FALSE.includes(value)) return undefined;
      const flag = o.short ? `${o.short}, ${o.long}` : o.long!;
      return `invalid argument ${quote(value)} for ${quote(flag)} flag: strconv.ParseBool: parsing ${quote(value)}: invalid syntax`;
    }
    // bundle's own flag: commander words its choices.
    if (name === 'engine' || !o.parseArg) return undefined;
    try {
      prev.set(o, o.parseArg(value, prev.get(o)));
    } catch (e) {
      if (e instanceof FlagError) return e.message;
      throw e;
    }
    return undefined;
  };
  /** pflag's NoOptDefVal: booleans take `true`, --dry-run `unchanged`. */
  const noOptDefault = (o: Option): string | undefined => (!o.required && !o.optional ? 'true' : o.long === '--dry-run' ? 'client' : undefined);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.length < 2 || a[0] !== '-') continue;
    if (a === '--') break;
    if (a[1] === '-') {
      const body = a.slice(2);
      if (body[0] === '-' || body[0] === '=') return `bad flag syntax: ${a}`;
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const o = byLong.get(name);
      if (!o) return `unknown flag: --${name}`;
      let value = eq < 0 ? noOptDefault(o) : body.slice(eq + 1);
      if (value === undefined) {
        if (i + 1 >= args.length) return `flag needs an argument: ${a}`;
        value = args[++i]!;
      }
      const err = set(o, value);
      if (err !== undefined) return err;
      continue;
    }
    for (let rest = a.slice(1); rest !== ''; ) {
      const c = String.fromCodePoint(rest.codePointAt(0)!);
      const o = byShort.get(c);
      // pflag names the first byte.
      if (!o) return `unknown shorthand flag: ${quoteRune(String.fromCharCode(Buffer.from(c)[0]!))} in -${rest}`;
      let value: string | undefined;
      let next = rest.slice(c.length);
      if (next.length > 1 && next[0] === '=') {
        value = next.slice(1);
        next = '';
      } else if ((value = noOptDefault(o)) === undefined) {
        if (next !== '') {
          value = next;
          next = '';
        } else if (i + 1 < args.length) value = args[++i]!;
        else return `flag needs an argument: ${quoteRune(c)} in -${rest}`;
      }
      const err = set(o, value);
      if (err !== undefined) return err;
      rest = next;
    }
  }
  return undefined;
}

/** Go's %q of a rune. */
function quoteRune(c: string): string {
  return `'${quote(c).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** encoding/csv's first record, as pflag reads a string-slice flag (quotes group commas; `""` is an empty list). */
function csvRecord(s: string): string[] {
  if (s === '') return [];
  const fields: string[] = [];
  let i = 0;
  const line = s.split('\n')[0]!.replace(/\r$/, '');
  for (;;) {
    if (line[i] === '"') {
      let field = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) throw new Error(`parse error on line 1, column ${line.length + 1}: extraneous or missing " in quoted-field`);
        field += line.slice(j, q);
        if (line[q + 1] === '"') {
          field += '"';
          j = q + 2;
          continue;
        }
        if (q + 1 < line.length && line[q + 1] !== ',') {
          throw new Error(`parse error on line 1, column ${Buffer.byteLength(line.slice(0, q + 1)) + 1}: extraneous or missing " in quoted-field`);
        }
        i = q + 1;
        break;
      }
      fields.push(field);
    } else {
      const end = line.indexOf(',', i);
      const field = end < 0 ? line.slice(i) : line.slice(i, end);
      const bare = field.indexOf('"');
      if (bare >= 0) throw new Error(`parse error on line 1, column ${Buffer.byteLength(line.slice(0, i + bare)) + 1}: bare " in non-quoted-field`);
      fields.push(field);
      i = end < 0 ? line.length : end;
    }
    if (i >= line.length) return fields;
    i++; // the comma
    if (i === line.length) {
      fields.push('');
      return fields;
    }
  }
}

function invalid(flag: string, value: string, err: string): FlagError {
  return new FlagError(`invalid argument ${quote(value)} for ${quote(flag)} flag: ${err}`);
}

const stringSlice = (flag: string) => (value: string, prev: string[] = []) => {
  try {
    return [...prev, ...csvRecord(value)];
  } catch (e) {
    throw invalid(flag, value, (e as Error).message);
  }
};

const stringArray = (value: string, prev: string[] = []) => [...prev, value];

/** pflag's stringToString: `k=v,k2=v2` (CSV when there are several `=`). */
const stringToString = (value: string, prev: Record<string, string> = {}) => {
  const n = (value.match(/=/g) ?? []).length;
  if (n === 0) throw invalid('-l, --labels', value, `${value} must be formatted as key=value`);
  let pairs: string[];
  try {
    pairs = n === 1 ? [value.replace(/^"+|"+$/g, '')] : csvRecord(value);
  } catch (e) {
    throw invalid('-l, --labels', value, (e as Error).message);
  }
  const out = { ...prev };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 0) throw invalid('-l, --labels', value, `${pair} must be formatted as key=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
};

function durationArg(value: string): string {
  try {
    parseDuration(value);
  } catch (e) {
    throw invalid('--timeout', value, (e as Error).message);
  }
  return value;
}

/** strconv.ParseInt(s, 0, 64) and ParseFloat(s, 32) for --burst-limit and --qps: only checked. */
function intArg(flag: string) {
  return (value: string) => {
    const m = /^[+-]?(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/.exec(value);
    if (!m || /__|_$|^[+-]?_/.test(value)) throw invalid(flag, value, `strconv.ParseInt: parsing ${quote(value)}: invalid syntax`);
    return value;
  };
}

function floatArg(flag: string) {
  return (value: string) => {
    const ok = /^[+-]?((\d[\d_]*)?\.?\d[\d_]*([eE][+-]?\d+)?|inf(inity)?|nan|0[xX][0-9a-fA-F._]+[pP][+-]?\d+)$/i.test(value);
    if (!ok) throw invalid(flag, value, `strconv.ParseFloat: parsing ${quote(value)}: invalid syntax`);
    return value;
  };
}

/** --post-renderer and --post-renderer-args: helm looks the executable up while parsing either flag. */
interface PostRendererFlags {
  binary?: string;
  args: string[];
  renderer?: PostRenderer;
  /** $PATH to look the executable up in. */
  path: string;
}

function lookUpPostRenderer(post: PostRendererFlags, flag: string, value: string): void {
  try {
    post.renderer = findPostRenderer(post.binary!, post.args, post.path);
  } catch (e) {
    throw invalid(flag, value, (e as Error).message);
  }
}

/** Every flag of `helm template --help` (v3.17.3), in its order, then the global ones. */
function addFlags(cmd: Command, post: PostRendererFlags): Command {
  const opt = (flags: string, desc: string) => new Option(flags, desc);
  const postRendererFlag = opt('--post-renderer <path>', 'the path to an executable to be used for post rendering; looked up in $PATH when it has no "/"').argParser(
    (v: string) => {
      if (v === '') return post.binary;
      post.binary = v;
      lookUpPostRenderer(post, '--post-renderer', v);
      return v;
    },
  );
  const postRendererArgs = opt('--post-renderer-args <arg>', 'an argument to the post-renderer (can specify multiple)').argParser((v: string, prev: string[] = []) => {
    post.args.push(v);
    if (post.binary !== undefined) lookUpPostRenderer(post, '--post-renderer-args', v);
    return [...prev, v];
  });
  const options: Option[] = [
    opt('-a, --api-versions <versions>', 'Kubernetes api versions used for Capabilities.APIVersions (comma-separated or repeated)').argParser(stringSlice('-a, --api-versions')),
    opt('--atomic', 'accepted; nothing to roll back offline'),
    opt('--ca-file <file>', 'verify certificates of HTTPS-enabled servers using this CA bundle (read and checked, as helm does)'),
    opt('--cert-file <file>', 'identify HTTPS client using this SSL certificate file (checked with --key-file)'),
    opt('--create-namespace', 'accepted; nothing is created offline'),
    opt('--dependency-update', 'package missing file:// (and charts/) dependencies into charts/ and write Chart.lock, like helm'),
    opt('--description <text>', 'accepted; release metadata only'),
    opt('--devel', 'accepted; local charts have no versions to choose from'),
    opt('--disable-openapi-validation', 'accepted; no validation against a cluster offline'),
    opt('--dry-run <mode>', "client (the default without a value), true, false, none or server; server lets lookup ask a cluster, which fails offline"),
    opt('--enable-dns', 'let getHostByName resolve names (fails offline when a template calls it)'),
    opt('--force', 'accepted; nothing is replaced offline'),
    opt('-g, --generate-name', 'accepted; helm template names the release "release-name" when NAME is omitted'),
    opt('--hide-notes', 'accepted; NOTES.txt is never printed by template'),
    opt('--include-crds', 'include CRDs in the templated output'),
    opt('--insecure-skip-tls-verify', 'accepted; only for chart downloads'),
    opt('--is-upgrade', 'set .Release.IsUpgrade instead of .Release.IsInstall'),
    opt('--key-file <file>', 'identify HTTPS client using this SSL key file (checked with --cert-file)'),
    opt('--keyring <file>', 'public keys for --verify (default $GNUPGHOME/pubring.gpg or ~/.gnupg/pubring.gpg)'),
    opt('--kube-version <version>', 'Kubernetes version used for Capabilities.KubeVersion'),
    opt('-l, --labels <key=value,...>', 'labels for the release record; only checked against helm\'s reserved names').argParser(stringToString),
    opt('--name-template <template>', 'specify template used to name the release (Sprig functions, no data)'),
    opt('--no-hooks', 'leave hooks out of the output'),
    opt('--output-dir <dir>', 'writes the executed templates to files in output-dir instead of stdout'),
    opt('--pass-credentials', 'accepted; only for chart downloads'),
    opt('--password <password>', 'accepted; only for chart downloads'),
    opt('--plain-http', 'accepted; only for chart downloads'),
    postRendererFlag,
    postRendererArgs,
    opt('--release-name', 'use release name in the output-dir path'),
    opt('--render-subchart-notes', 'accepted; NOTES.txt is never printed by template'),
    opt('--replace', 'accepted; helm template always replaces'),
    opt('--repo <url>', 'chart repository url (a chart not found locally would be downloaded: an error offline)'),
    opt('--set <key=value>', 'set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)').argParser(stringArray),
    opt('--set-file <key=path>', 'set values from respective files (paths relative to the working directory; "-" is stdin)').argParser(stringArray),
    opt('--set-json <key=json>', 'set JSON values on the command line (can specify multiple or separate values with commas)').argParser(stringArray),
    opt('--set-literal <key=value>', 'set a literal STRING value on the command line').argParser(stringArray),
    opt('--set-string <key=value>', 'set STRING values on the command line (can specify multiple or separate values with commas)').argParser(stringArray),
    opt('-s, --show-only <path>', 'only show manifests rendered from the given templates').argParser(stringArray),
    opt('--skip-crds', 'accepted; CRDs are printed only with --include-crds'),
    opt('--skip-schema-validation', 'if set, disables JSON schema validation'),
    opt('--skip-tests', 'skip tests from templated output'),
    opt('--take-ownership', 'accepted; nothing is adopted offline'),
    opt('--timeout <duration>', 'accepted (a Go duration, checked); nothing waits offline').argParser(durationArg),
    opt('--username <name>', 'accepted; only for chart downloads'),
    opt('--validate', 'validate the manifests against a cluster: an error offline'),
    opt('-f, --values <files>', 'specify values in a YAML file (can specify multiple, or separate them with commas; "-" is stdin)').argParser(stringSlice('-f, --values')),
    opt('--verify', 'verify the packaged chart against its .prov file and --keyring before using it'),
    opt('--version <constraint>', 'accepted; a local chart is used as it is'),
    opt('--wait', 'accepted; nothing waits offline'),
    opt('--wait-for-jobs', 'accepted; nothing waits offline'),
    // helm's global flags
    opt('--burst-limit <int>', 'accepted (checked as a number); client-side throttling').argParser(intArg('--burst-limit')),
    opt('--debug', 'print what was rendered even when rendering fails'),
    opt('--kube-apiserver <address>', 'accepted; no cluster is contacted'),
    opt('--kube-as-group <group>', 'accepted; no cluster is contacted').argParser(stringArray),
    opt('--kube-as-user <user>', 'accepted; no cluster is contacted'),
    opt('--kube-ca-file <file>', 'accepted; no cluster is contacted'),
    opt('--kube-context <name>', 'kubeconfig context whose namespace is the default for -n'),
    opt('--kube-insecure-skip-tls-verify', 'accepted; no cluster is contacted'),
    opt('--kube-tls-server-name <name>', 'accepted; no cluster is contacted'),
    opt('--kube-token <token>', 'accepted; no cluster is contacted'),
    opt('--kubeconfig <file>', 'kubeconfig whose context namespace is the default for -n'),
    opt('-n, --namespace <namespace>', 'namespace scope for this request ($HELM_NAMESPACE, else the kubeconfig context\'s, else default)'),
    opt('--qps <float>', 'accepted (checked as a number); queries per second to a cluster').argParser(floatArg('--qps')),
    opt('--registry-config <file>', 'accepted; only for OCI downloads'),
    opt('--repository-cache <dir>', 'accepted; only for chart downloads'),
    opt('--repository-config <file>', 'accepted; only for chart downloads'),
    new Option('--engine <name>', 'bundle: render natively or run the helm binary with these arguments').choices(['native', 'helm']).default(DEFAULT_ENGINE),
  ];
  for (const o of options) cmd.addOption(o);
  return cmd;
}

/** The `template` command; `rawArgs` are its arguments as given (for --engine helm); the exit code goes to `done`. */
export function templateCommand(io: TemplateIO, rawArgs: () => string[], done: (code: number) => void): Command {
  const post: PostRendererFlags = { args: [], path: io.env['PATH'] ?? '' };
  const cmd = new Command('template')
    .description('locally render templates: exactly what `helm template` prints for the same arguments')
    .usage('[NAME] [CHART] [flags]')
    .argument('[args...]', 'release name (optional; "release-name" when omitted) and chart: a directory or a packaged .tgz')
    .helpOption('-h, --help', 'help for template');
  addFlags(cmd, post);
  cmd.action(async (args: string[], opts: Record<string, any>) => {
    done(opts['engine'] === 'helm' ? await runHelm(withoutEngine(rawArgs()), io) : await runNative(args, opts, post, io));
  });
  return cmd;
}

/** Whether `--engine helm` is given (the last --engine before `--` counts): helm then parses the arguments. */
function helmEngine(args: string[]): boolean {
  let engine: string = DEFAULT_ENGINE;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === '--engine') engine = args[++i] ?? engine;
    else if (a.startsWith('--engine=')) engine = a.slice('--engine='.length);
  }
  return engine === 'helm';
}

/** The arguments without bundle's own --engine. */
function withoutEngine(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (a === '--engine') i++;
    else if (!a.startsWith('--engine=')) out.push(a);
  }
  return out;
}

async function runHelm(args: string[], io: TemplateIO): Promise<number> {
  const { findHelmBinary } = await import('../engines/index.js');
  const { execa } = await import('execa');
  const r = await execa(findHelmBinary(3), ['template', ...args], {
    env: io.env,
    extendEnv: false,
    reject: false,
    stdin: 'inherit',
    encoding: 'buffer',
    stripFinalNewline: false,
  });
  io.stdout(r.stdout as Uint8Array);
  io.stderr(goString(r.stderr as Uint8Array));
  return r.exitCode ?? 1;
}

async function runNative(args: string[], opts: Record<string, any>, post: PostRendererFlags, io: TemplateIO): Promise<number> {
  if (args.length === 0) {
    io.stderr(`Error: "bundle template" requires at least 1 argument\n\n${USAGE}\n`);
    return 1;
  }
  const [{ templateCommand: render }, { writeOutput }, { EngineError }, { releaseNamespace }, { defaultKeyring }, { HelmError }] = await Promise.all([
    import('../engines/native.js'),
    import('../helm/template.js'),
    import('../engines/types.js'),
    import('../helm/settings.js'),
    import('../helm/verify.js'),
    import('../helm/errors.js'),
  ]);
  const o: TemplateOptions = {
    namespace: releaseNamespace({ flag: opts['namespace'], kubeconfig: opts['kubeconfig'], kubeContext: opts['kubeContext'], env: io.env }),
    valuesFiles: opts['values'],
    set: opts['set'],
    setString: opts['setString'],
    setFile: opts['setFile'],
    setJson: opts['setJson'],
    setLiteral: opts['setLiteral'],
    kubeVersion: opts['kubeVersion'],
    apiVersions: opts['apiVersions'],
    includeCrds: opts['includeCrds'] === true,
    showOnly: opts['showOnly'],
    isUpgrade: opts['isUpgrade'] === true,
    skipTests: opts['skipTests'] === true,
    noHooks: opts['hooks'] === false,
    skipSchemaValidation: opts['skipSchemaValidation'] === true,
    labels: opts['labels'],
    outputDir: opts['outputDir'] || undefined,
    useReleaseName: opts['releaseName'] === true,
    postRenderer: post.renderer,
    dryRun: opts['dryRun'],
    validate: opts['validate'] === true,
    enableDns: opts['enableDns'] === true,
    verify: opts['verify'] === true,
    keyring: opts['keyring'] ?? defaultKeyring(io.env),
    dependencyUpdate: opts['dependencyUpdate'] === true,
    repo: opts['repo'],
    debug: opts['debug'] === true,
    version: opts['version'],
    devel: opts['devel'] === true,
    generateName: opts['generateName'] === true,
    nameTemplate: opts['nameTemplate'],
    certFile: opts['certFile'],
    keyFile: opts['keyFile'],
    caFile: opts['caFile'],
    insecureSkipTlsVerify: opts['insecureSkipTlsVerify'] === true,
  };
  try {
    const out = await render(args, o);
    for (const line of out.log) io.stderr(`${line.text}\n`);
    writeOutput(out, io.stdout);
    return 0;
  } catch (e) {
    if (e instanceof EngineError || e instanceof HelmError) {
      for (const line of e.log ?? []) io.stderr(`${line.text}\n`);
      if (e.stdout !== undefined) io.stdout(e.stdout);
      io.stderr(`Error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** Run `bundle template <args>`; returns the exit code. */
export async function runTemplate(args: string[], io: TemplateIO = processIO): Promise<number> {
  let code = 0;
  try {
    const cmd = templateCommand(io, () => args, (c) => (code = c))
      .name('bundle template')
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
    if (!helmEngine(args)) {
      const err = pflagError(args, io.env['PATH'] ?? '');
      if (err !== undefined) {
        io.stderr(`Error: ${err}\n`);
        return 1;
      }
    }
    await cmd.parseAsync(preprocessArgs(args), { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      io.stderr(`Run 'bundle template --help' for the flags (those of 'helm template').\n`);
      return 1;
    }
    if (e instanceof FlagError) {
      io.stderr(`Error: ${e.message}\n`);
      return 1;
    }
    // Anything else (a missing helm binary, a bug) is still reported the way the command reports errors.
    io.stderr(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (io.env['BUNDLE_DEBUG'] && e instanceof Error) io.stderr(`${e.stack}\n`);
    return 1;
  }
}

/** Register `bundle template` on the program (for its help; main.ts runs it through runTemplate). */
export function registerTemplate(program: Command): void {
  program.addCommand(templateCommand(processIO, () => [], (code) => (process.exitCode = code)));
}
