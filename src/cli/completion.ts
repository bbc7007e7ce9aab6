// `bundle completion bash|zsh|fish`: shell completion generated from the command tree itself, so every command,
// option and choice the CLI registers is completed without a list kept by hand. The three scripts share one model:
// the words before the cursor walk down the subcommands (skipping the values of options that take one), and the
// word at the cursor is completed as a subcommand, an option, an option's value or a positional argument.
import { Argument, Option, type Command } from 'commander';
import { run } from './io.js';

/** How a value is completed: from a fixed list, as an env (`env/<name>` of overlays/*, or a folder), as a path, or not. */
type ValueKind = { choices: string[] } | 'env' | 'path' | 'none';

interface CommandSpec {
  /** Space-separated path below the program, `""` for the program itself. */
  path: string;
  description: string;
  options: Array<{ flags: string[]; description: string; value?: ValueKind }>;
  args: ValueKind[];
  /** Whether the last argument takes any number of words. */
  variadic: boolean;
  commands: string[];
}

const ENV_NAMES = new Set(['env', 'other', 'from']);
const PATH_NAMES = /(file|dir|path|out|repo|root|kubeconfig|chart|ref-or-dir)/;

function valueKind(name: string, choices: readonly string[] | undefined): ValueKind {
  if (choices) return { choices: [...choices] };
  if (ENV_NAMES.has(name)) return 'env';
  return PATH_NAMES.test(name) ? 'path' : 'none';
}

/** `<env>`, `[chart...]`, `<path|url>` → the bare name. */
function valueName(flags: string): string {
  return /[<[]([^>\]]*)[>\]]/.exec(flags)?.[1]?.replace(/\.\.\.$/, '').split('|')[0] ?? '';
}

function optionSpec(o: Option): CommandSpec['options'][number] {
  const flags = [o.short, o.long].filter((f): f is string => Boolean(f));
  const takesValue = o.required || o.optional;
  const name = o.long === '--env' || o.long === '--from' ? 'env' : valueName(o.flags);
  return { flags, description: o.description, value: takesValue ? valueKind(name, o.argChoices) : undefined };
}

function argumentKind(a: Argument): ValueKind {
  return valueKind(a.name(), a.argChoices);
}

function specs(cmd: Command, path = ''): CommandSpec[] {
  const help = cmd.createHelp();
  const children = help.visibleCommands(cmd).filter((c) => c.name() !== 'help');
  const args = cmd.registeredArguments;
  const own: CommandSpec = {
    path,
    description: cmd.description(),
    options: help.visibleOptions(cmd).map(optionSpec),
    args: args.map(argumentKind),
    variadic: args.at(-1)?.variadic ?? false,
    commands: children.map((c) => c.name()),
  };
  return [own, ...children.flatMap((c) => specs(c, path ? `${path} ${c.name()}` : c.name()))];
}

function kindWord(kind: ValueKind): string {
  return typeof kind === 'string' ? kind : `choices:${kind.choices.join(' ')}`;
}

/** The lookup tables of the three scripts: key → value, per table. */
interface Tables {
  subcommands: Array<[string, string]>;
  options: Array<[string, string]>;
  optionValues: Array<[string, string]>;
  argumentKinds: Array<[string, string]>;
  /** Command path → index of its variadic last argument. */
  variadic: Array<[string, string]>;
}

function tables(all: CommandSpec[]): Tables {
  return {
    subcommands: all.filter((s) => s.commands.length > 0).map((s) => [s.path, s.commands.join(' ')]),
    options: all.map((s) => [s.path, s.options.flatMap((o) => o.flags).join(' ')]),
    optionValues: all.flatMap((s) => s.options.flatMap((o) => (o.value ? o.flags.map((f): [string, string] => [`${s.path}|${f}`, kindWord(o.value!)]) : []))),
    argumentKinds: all.flatMap((s) => s.args.map((k, i): [string, string] => [`${s.path}|${i}`, kindWord(k)])),
    variadic: all.filter((s) => s.variadic).map((s) => [s.path, String(s.args.length - 1)]),
  };
}

/** The tables and the walk as POSIX-style shell functions (bash and zsh run them alike). */
function shFunctions(t: Tables): string {
  const arms = (rows: Array<[string, string]>) => rows.map(([k, v]) => `    ${shq(k)}) echo ${shq(v)} ;;`).join('\n');
  return `_bundle_subcommands() {
  case "$1" in
${arms(t.subcommands)}
  esac
}
_bundle_options() {
  case "$1" in
${arms(t.options)}
  esac
}
# The kind of value an option takes (nothing when it takes none): choices:<list>, env, path or none.
_bundle_option_value() {
  case "$1|$2" in
${arms(t.optionValues)}
  esac
}
# The kind of the n-th positional argument; a variadic last argument repeats.
_bundle_argument() {
  local n=$2 last
  case "$1" in
${t.variadic.map(([k, v]) => `    ${shq(k)}) last=${v} ;;`).join('\n')}
  esac
  [ -n "$last" ] && [ "$n" -gt "$last" ] && n=$last
  case "$1|$n" in
${arms(t.argumentKinds)}
  esac
}
_bundle_envs() {
  local f d
  for f in overlays/*/env.yaml; do
    [ -e "$f" ] || continue
    d=\${f%/env.yaml}
    printf 'env/%s\\n' "\${d#overlays/}"
  done
}
# Walks the words before the cursor: prints the command path and the number of positional arguments given.
_bundle_walk() {
  local cpath="" expect="" npos=0 w sub
  for w in "$@"; do
    if [ -n "$expect" ]; then expect=""; continue; fi
    case "$w" in
      --*=*) continue ;;
      -*) [ -n "$(_bundle_option_value "$cpath" "$w")" ] && expect=1; continue ;;
    esac
    sub=" $(_bundle_subcommands "$cpath") "
    if [ "$npos" = 0 ] && [ "\${sub#* "$w" }" != "$sub" ]; then
      cpath="\${cpath:+$cpath }$w"
    else
      npos=$((npos + 1))
    fi
  done
  printf '%s\\n%s\\n' "$cpath" "$npos"
}`;
}

function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function bash(all: CommandSpec[]): string {
  return `# bash completion for bundle, generated by \`bundle completion bash\`.
# Load it in ~/.bashrc:  source <(bundle completion bash)
${shFunctions(tables(all))}
_bundle() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} walk cpath npos kind
  walk=$(_bundle_walk "\${COMP_WORDS[@]:1:COMP_CWORD-1}")
  cpath=\${walk%$'\\n'*}
  npos=\${walk#*$'\\n'}
  COMPREPLY=()
  kind=""
  if [ "$COMP_CWORD" -gt 1 ] && [[ $prev == -* && $prev != *=* ]]; then kind=$(_bundle_option_value "$cpath" "$prev"); fi
  if [ -z "$kind" ]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "$(_bundle_options "$cpath")" -- "$cur"))
      return
    fi
    local subs
    subs=$(_bundle_subcommands "$cpath")
    if [ -n "$subs" ] && [ "$npos" = 0 ]; then
      COMPREPLY=($(compgen -W "$subs" -- "$cur"))
      return
    fi
    kind=$(_bundle_argument "$cpath" "$npos")
  fi
  case "$kind" in
    choices:*) COMPREPLY=($(compgen -W "\${kind#choices:}" -- "$cur")) ;;
    env) COMPREPLY=($(compgen -W "$(_bundle_envs)" -- "$cur") $(compgen -d -- "$cur")) ;;
    path) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}
complete -o filenames -F _bundle bundle
`;
}

function zsh(all: CommandSpec[]): string {
  const item = (name: string, description: string) => shq(`${name.replace(/:/g, '\\:')}:${description}`);
  const arms = all.flatMap((s) => {
    const out: string[] = [];
    if (s.commands.length > 0) {
      const children = s.commands.map((c) => item(c, all.find((x) => x.path === (s.path ? `${s.path} ${c}` : c))?.description ?? ''));
      out.push(`    ${shq(`${s.path}|commands`)}) items=(${children.join(' ')}) ;;`);
    }
    out.push(`    ${shq(`${s.path}|options`)}) items=(${s.options.flatMap((o) => o.flags.map((f) => item(f, o.description))).join(' ')}) ;;`);
    return out;
  });
  return `#compdef bundle
# zsh completion for bundle, generated by \`bundle completion zsh\`.
# Save it on your $fpath:  bundle completion zsh > "\${fpath[1]}/_bundle"   (or, after compinit: source <(bundle completion zsh))
${shFunctions(tables(all))}
# Subcommands or options of a command path, with their descriptions.
_bundle_described() {
  local -a items
  case "$1|$2" in
${arms.join('\n')}
  esac
  _describe -t "$2" "$2" items
}
_bundle() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]} walk cpath npos kind
  walk=$(_bundle_walk "\${(@)words[2,CURRENT-1]}")
  cpath=\${walk%$'\\n'*}
  npos=\${walk#*$'\\n'}
  kind=""
  if (( CURRENT > 2 )) && [[ $prev == -* && $prev != *=* ]]; then kind=$(_bundle_option_value "$cpath" "$prev"); fi
  if [[ -z $kind ]]; then
    if [[ $cur == -* ]]; then
      _bundle_described "$cpath" options
      return
    fi
    if [[ -n $(_bundle_subcommands "$cpath") && $npos == 0 ]]; then
      _bundle_described "$cpath" commands
      return
    fi
    kind=$(_bundle_argument "$cpath" "$npos")
  fi
  case $kind in
    choices:*) compadd -- \${=kind#choices:} ;;
    env) compadd -- $(_bundle_envs); _files -/ ;;
    path) _files ;;
  esac
}
if (( $+functions[compdef] )); then compdef _bundle bundle; fi
`;
}

function fish(all: CommandSpec[]): string {
  const fq = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const t = tables(all);
  const sw = (name: string, subject: string, rows: Array<[string, string]>) =>
    [`function ${name}`, `  switch ${subject}`, ...rows.flatMap(([k, v]) => [`    case ${fq(k)}`, `      echo ${fq(v)}`]), '  end', 'end'].join('\n');
  const valueFlags = (kind: ValueKind): string => {
    if (kind === 'env') return " -x -a '(__bundle_envs; __fish_complete_directories)'";
    if (kind === 'path') return ' -r -F';
    if (kind === 'none') return ' -x';
    return ` -x -a ${fq(kind.choices.join(' '))}`;
  };
  const lines = [
    '# fish completion for bundle, generated by `bundle completion fish`.',
    '# Save it:  bundle completion fish > ~/.config/fish/completions/bundle.fish',
    'complete -c bundle -e',
    'complete -c bundle -f',
    sw('__bundle_subcommands', '"$argv[1]"', t.subcommands),
    sw('__bundle_option_value', '"$argv[1]|$argv[2]"', t.optionValues),
    sw('__bundle_variadic', '"$argv[1]"', t.variadic),
    `function __bundle_envs
  for f in overlays/*/env.yaml
    echo env/(string replace -r '^overlays/(.*)/env.yaml$' '$1' -- $f)
  end
end`,
    // Prints the command path and the number of positional arguments before the cursor (see the bash script).
    `function __bundle_walk
  set -l cpath ''
  set -l expect 0
  set -l npos 0
  for w in (commandline -opc)[2..-1]
    if test $expect = 1
      set expect 0
      continue
    end
    if string match -q -- '--*=*' $w
      continue
    else if string match -q -- '-*' $w
      test -n "$(__bundle_option_value "$cpath" $w)"; and set expect 1
      continue
    end
    if test $npos = 0; and contains -- $w (string split ' ' -- (__bundle_subcommands "$cpath"))
      set cpath (string trim -- "$cpath $w")
    else
      set npos (math $npos + 1)
    end
  end
  echo $cpath
  echo $npos
end`,
    // At a command path ($argv[1]) and, when given, at positional argument $argv[2] (a variadic last one repeats).
    `function __bundle_at
  set -l s (__bundle_walk)
  test "$s[1]" = "$argv[1]"; or return 1
  test (count $argv) -lt 2; and return 0
  set -l last (__bundle_variadic "$argv[1]")
  test -n "$last"; and test $s[2] -gt $last; and set s[2] $last
  test "$s[2]" = "$argv[2]"
end`,
  ];
  for (const s of all) {
    const at = (...extra: string[]) => `-n ${fq(['__bundle_at', fq(s.path), ...extra].join(' '))}`;
    for (const c of s.commands) {
      const child = all.find((x) => x.path === (s.path ? `${s.path} ${c}` : c));
      lines.push(`complete -c bundle ${at('0')} -a ${fq(c)} -d ${fq(child?.description ?? '')}`);
    }
    for (const o of s.options) {
      const names = o.flags.map((f) => (f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(' ');
      lines.push(`complete -c bundle ${at()} ${names}${o.value ? valueFlags(o.value) : ''} -d ${fq(o.description)}`);
    }
    s.args.forEach((kind, i) => {
      if (kind === 'none') return;
      lines.push(`complete -c bundle ${at(String(i))}${valueFlags(kind).replace(' -r -F', ' -F').replace(' -x', '')}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script for bash, zsh or fish (every command, option and choice; env names from overlays/)')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .action((shell: 'bash' | 'zsh' | 'fish') =>
      run(async () => {
        const all = specs(program);
        process.stdout.write({ bash, zsh, fish }[shell](all));
      }),
    );
}
