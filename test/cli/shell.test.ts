// The CLI in a shell: --version, completion scripts run by real bash, zsh and fish, a reader that closes the pipe early,
// the Node version check, and `npm install -g .` putting `bundle` on PATH.
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, repoRoot } from '../helpers/cli.js';

const bin = join(repoRoot, 'bin/bundle.js');
const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'));
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'bundle-shell-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Every command `bundle --help` lists. */
async function helpCommands(args: string[] = []): Promise<string[]> {
  const help = (await bundle([...args, '--help'])).stdout;
  const section = help.slice(help.indexOf('Commands:'));
  return [...section.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
}

describe('bundle --version', () => {
  it("prints package.json's version", async () => {
    const r = await bundle(['--version']);
    expect(r).toMatchObject({ exitCode: 0, stdout: pkg.version, stderr: '' });
  });
});

describe('bundle completion', () => {
  const script = async (shell: string) => {
    const r = await bundle(['completion', shell]);
    expect(r.exitCode, r.stderr).toBe(0);
    const file = join(scratch, `completion.${shell}`);
    await writeFile(file, r.stdout);
    return file;
  };

  /** What bash's completion function offers for a command line ending at the cursor. */
  async function bashComplete(line: string): Promise<string[]> {
    const file = await script('bash');
    const driver = `source ${file}
read -ra COMP_WORDS <<< "$1"
[[ $1 == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_bundle
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = await execa('bash', ['-c', driver, 'bash', line], { cwd: repoRoot });
    return r.stdout.split('\n').filter(Boolean);
  }

  async function fishComplete(line: string): Promise<string[]> {
    const file = await script('fish');
    const r = await execa('fish', ['--no-config', '-c', `source ${file}; complete -C'${line}'`], { cwd: repoRoot });
    return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]!);
  }

  /** zsh's completion function with the completion system's builtins recorded instead of displayed. */
  async function zshComplete(line: string): Promise<string[]> {
    const file = await script('zsh');
    const driver = `compdef() { :; }
source ${file}
compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@"; }
_describe() { print -rl -- "\${(@P)4}"; }
_files() { print -r -- "<files $*>"; }
words=(\${(z)1})
[[ $1 == *' ' ]] && words+=('')
CURRENT=\${#words}
_bundle`;
    const r = await execa('zsh', ['-f', '-c', driver, 'zsh', line], { cwd: repoRoot });
    return r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/(?<!\\):.*$/, ''));
  }

  it('completes every command `bundle --help` lists, in each shell', async () => {
    const commands = await helpCommands();
    expect(commands).toEqual(expect.arrayContaining(['validate', 'render', 'lint', 'diff', 'explain', 'publish', 'completion', 'deps']));
    expect((await bashComplete('bundle ')).sort()).toEqual([...commands].sort());
    expect((await fishComplete('bundle ')).sort()).toEqual([...commands].sort());
    expect((await zshComplete('bundle ')).sort()).toEqual([...commands].sort());
  });

  it.each([
    ['bundle re', ['render']],
    ['bundle render -o ', ['json', 'text']],
    ['bundle render env/prod --engine ', ['helm', 'native']],
    ['bundle diff env/prod -o ', ['json', 'markdown', 'text']],
    ['bundle completion ', ['bash', 'fish', 'zsh']],
    ['bundle diff env/prod --rep', ['--repo']],
  ])('%s → %j (bash, fish; zsh gets the list unfiltered)', async (line, expected) => {
    expect((await bashComplete(line)).sort()).toEqual(expected);
    expect((await fishComplete(line)).sort()).toEqual(expected);
    const z = await zshComplete(line);
    expect(z.filter((w) => w.startsWith(line.split(' ').at(-1)!)).sort()).toEqual(expected);
  });

  it("completes envs from the repository's overlays, also as an option's value", async () => {
    for (const line of ['bundle render ', 'bundle diff env/prod --env ']) {
      expect(await bashComplete(line)).toEqual(expect.arrayContaining(['env/dev', 'env/prod']));
      expect(await fishComplete(line)).toEqual(expect.arrayContaining(['env/dev', 'env/prod']));
      expect(await zshComplete(line)).toEqual(expect.arrayContaining(['env/dev', 'env/prod']));
    }
    // After the env, render takes no more arguments: nothing is offered but options.
    expect(await bashComplete('bundle render env/prod ')).toEqual([]);
  });

  it('is refused for an unknown shell', async () => {
    const r = await bundle(['completion', 'tcsh']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/value 'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish/);
  });
});

describe('a reader that closes the pipe early', () => {
  it.each([
    ['bundle diff env/prod --env dev | head -1', 'head -1'],
    ['bundle diff env/prod --env dev -o json | head -c 10', 'head -c 10'],
    ['bundle diff env/prod --env dev | grep -q Deployment', 'grep -q Deployment'],
  ])('%s exits 0 with nothing on stderr', async (_title, reader) => {
    const args = _title.split(' | ')[0]!.split(' ').slice(1).join(' ');
    const r = await execa('bash', ['-c', `node ${bin} ${args} 2>${scratch}/err | ${reader} >/dev/null; echo "\${PIPESTATUS[0]}"`], {
      cwd: repoRoot,
      env: { NO_COLOR: '1' },
    });
    expect(r.stdout.trim()).toBe('0');
    expect(await readFile(join(scratch, 'err'), 'utf8')).toBe('');
  });
});

describe('Node version', () => {
  it('package.json, README and the start-up check name the same minimum', async () => {
    expect(pkg.engines.node).toBe('>=20.19.0');
    expect(await readFile(join(repoRoot, 'README.md'), 'utf8')).toContain('Node 20.19+');
  });

  it('an older Node is refused at start-up, naming the version found', async () => {
    const fake = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.18.1"})';
    const r = await execa('node', ['--import', fake, bin, '--version'], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: bundle needs Node\.js 20\.19 or newer \(package\.json "engines"\); this is Node\.js 20\.18\.1 \(/);
  });

  it('every runtime dependency supports that minimum (their own "engines")', async () => {
    const ls = await execa('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: repoRoot });
    const dirs = [...new Set(ls.stdout.split('\n').filter((d) => d.includes('/node_modules/')))];
    const problems: string[] = [];
    for (const dir of dirs) {
      const { name, version, engines } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
      const range: string | undefined = engines?.node;
      if (range && !acceptsNode20(range)) problems.push(`${name}@${version} needs node ${range}`);
    }
    expect(problems).toEqual([]);
  });
});

/** Whether an engines range admits Node 20.19.0 (the forms npm packages use: >=, ^, ||, spaces). */
function acceptsNode20(range: string): boolean {
  const v = [20, 19, 0];
  const cmp = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  const parse = (s: string) => s.replace(/^v/, '').split('.').map((x) => Number(x) || 0).concat([0, 0]).slice(0, 3);
  return range.split('||').some((alt) =>
    alt.trim().replace(/([<>=^~]+)\s+/g, '$1').split(/\s+/).filter(Boolean).every((c) => {
      const m = /^(>=|<=|>|<|\^|~|=)?(.*)$/.exec(c)!;
      const b = parse(m[2]!);
      switch (m[1]) {
        case '>=': return cmp(v, b) >= 0;
        case '>': return cmp(v, b) > 0;
        case '<=': return cmp(v, b) <= 0;
        case '<': return cmp(v, b) < 0;
        case '^': return v[0] === b[0] && cmp(v, b) >= 0;
        case '~': return v[0] === b[0] && v[1] === b[1] && cmp(v, b) >= 0;
        default: return m[2] === '*' || m[2] === 'x' || cmp(v, b) === 0;
      }
    }),
  );
}

describe('getting bundle on PATH', () => {
  it('`npm install -g .` installs the `bundle` command, which works from any folder', async () => {
    const prefix = join(scratch, 'prefix');
    const install = await execa('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', repoRoot], { reject: false });
    expect(install.exitCode, install.stderr).toBe(0);
    const r = await execa(join(prefix, 'bin/bundle'), ['validate', join(repoRoot, 'overlays/dev')], { cwd: scratch, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^dev: env file and \d+ releases valid$/m);
  });

  it('the npm package is scoped and private, so its name never resolves to a stranger\'s package', () => {
    expect(pkg.name).toBe('@bundle-dev/bundle');
    expect(pkg.private).toBe(true);
    expect(pkg.bin).toEqual({ bundle: 'bin/bundle.js' });
  });
});
