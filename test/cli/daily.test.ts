// README's promises for daily use, run as written: every command is documented, the pre-commit hooks work under the
// real pre-commit, and the CI workflow's render and diff steps work on a copy of the repository.
import { execa } from 'execa';
import { cp, mkdtemp, readFile, rm, symlink, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, repoRoot } from '../helpers/cli.js';

const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'bundle-daily-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The fenced yaml block of README that contains `marker`. */
function readmeBlock(marker: string): string {
  const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes(marker));
  if (!block) throw new Error(`README has no yaml block with ${marker}`);
  return block;
}

describe('README and --help', () => {
  it('list every command, and the README\'s CLI reference has a row for each', async () => {
    const help = (await bundle(['--help'])).stdout;
    const commands = [...help.slice(help.indexOf('Commands:')).matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    const sub = (await bundle(['env', '--help'])).stdout;
    const envCommands = [...sub.slice(sub.indexOf('Commands:')).matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(envCommands).toEqual(['new']);
    const reference = readme.slice(readme.indexOf('## CLI reference'), readme.indexOf('## Daily use'));
    const rows = reference.split('\n').filter((l) => l.startsWith('| `bundle '));
    const documented = new Set(rows.flatMap((r) => [...r.matchAll(/`bundle ([a-z]+(?: new)?)/g)].map((m) => m[1]!)));
    for (const c of commands) expect(documented, c).toContain(c === 'env' ? 'env new' : c);
    expect(commands.sort()).toEqual(
      ['affected', 'bootstrap', 'cache', 'completion', 'deps', 'diff', 'docs', 'env', 'explain', 'hosts', 'lint', 'ls', 'publish', 'render', 'template', 'validate'].sort(),
    );
  });
});

describe('pre-commit hooks', () => {
  let clone: string;

  beforeAll(async () => {
    clone = join(scratch, 'clone');
    await execa('git', ['clone', '--quiet', repoRoot, clone]);
    // The hooks run this checkout's CLI: its dependencies and build, as `npm ci && npm run build` would leave them.
    await symlink(join(repoRoot, 'node_modules'), join(clone, 'node_modules'));
    await symlink(join(repoRoot, 'dist'), join(clone, 'dist'));
    await symlink(join(repoRoot, 'generated'), join(clone, 'generated'));
  });

  const precommit = () =>
    execa('pre-commit', ['run', '--all-files'], { cwd: clone, reject: false, env: { PRE_COMMIT_HOME: join(scratch, 'pre-commit-cache'), NO_COLOR: '1' } });

  it('the committed config is README\'s block', async () => {
    const file = await readFile(join(repoRoot, '.pre-commit-config.yaml'), 'utf8');
    expect(parse(file)).toEqual(parse(readmeBlock('repo: local')));
  });

  it('pass on the repository as committed', async () => {
    const r = await precommit();
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/bundle validate \(every env\)\.+Passed/);
    expect(r.stdout).toMatch(/bundle docs --check\.+Passed/);
    expect(r.stdout).toMatch(/bundle deps --check\.+Passed/);
  });

  it('fail when a chart schema changes without its README, or the library without its vendored copies', async () => {
    const schemaFile = join(clone, 'charts/web/values.schema.json');
    const schema = await readFile(schemaFile, 'utf8');
    const edited = JSON.parse(schema);
    edited.properties.replicas.description = 'Pods of the StatefulSet (changed).';
    await writeFile(schemaFile, JSON.stringify(edited, null, 2));
    const docs = await precommit();
    expect(docs.exitCode).toBe(1);
    expect(docs.stdout).toMatch(/bundle docs --check\.+Failed/);
    expect(docs.stdout).toContain('charts/web/README.md is out of date');
    await writeFile(schemaFile, schema);
    await appendFile(join(clone, 'charts/common/templates/_names.tpl'), '\n{{- define "common.unused" -}}{{- end }}\n');
    const deps = await precommit();
    expect(deps.exitCode).toBe(1);
    expect(deps.stdout).toMatch(/bundle deps --check\.+Failed/);
    expect(deps.stdout).toContain('charts/web/charts/common-0.1.0.tgz: stale: differs from ../common');
  });
});

describe('the CI workflow', () => {
  let project: string;
  let rendered: string;
  let gitConfig: string;

  beforeAll(async () => {
    project = join(scratch, 'ci');
    for (const dir of ['charts', 'overlays', 'argocd']) await cp(join(repoRoot, dir), join(project, dir), { recursive: true });
    rendered = join(scratch, 'bundle-rendered.git');
    await execa('git', ['init', '--quiet', '--bare', rendered]);
    // Stands in for the rendered repository at prod's repoURL; more specific than the workflow's own insteadOf, so
    // git takes it (the token the workflow adds goes nowhere).
    gitConfig = join(scratch, 'gitconfig');
    await writeFile(gitConfig, `[url "${rendered}"]\n\tinsteadOf = https://git.example.com/platform/bundle-rendered.git\n[user]\n\tname = CI\n\temail = ci@example.com\n`);
  });

  /** A step of README's workflow as the runner would run it: matrix value in, this checkout's CLI for `npx`. */
  async function step(name: string, env: string) {
    const workflow = parse(readmeBlock('.github/workflows/bundle.yml'));
    expect(workflow.on.pull_request.paths).toEqual(['charts/**', 'overlays/**', 'schemas/**']);
    const s = workflow.jobs.diff.steps.find((x: any) => x.name === name);
    const script = String(s.run).replaceAll('${{ matrix.env }}', env).replaceAll('npx --no-install bundle', `node ${join(repoRoot, 'bin/bundle.js')}`);
    return execa('bash', ['-e', '-c', script], {
      cwd: project,
      reject: false,
      env: { GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: '1', RENDERED_TOKEN: 't0ken', NO_COLOR: '1' },
    });
  }

  it('render passes for prod; diff writes the markdown for the comment: everything added before the first publish', async () => {
    const render = await step('render', 'prod');
    expect(render.exitCode, render.stderr).toBe(0);
    const diff = await step('diff', 'prod');
    expect(diff.exitCode, diff.stderr).toBe(0);
    const md = await readFile(join(project, 'diff.md'), 'utf8');
    expect(md).toMatch(/^### bundle diff prod \(against env\/prod\)\n\n\d+ added, 0 changed, 0 removed\n/);
    // Too long for one PR comment: the step fell back to the --stat table.
    expect(md.length).toBeLessThanOrEqual(60000);
    expect(md).toContain('| object | change | + | - |');
  });

  it('after a publish, the comment says what the pull request changes', async () => {
    const pub = await bundle(['publish', 'env/prod', '--push'], { cwd: project, env: { GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(pub.exitCode, pub.stderr).toBe(0);
    const values = join(project, 'overlays/prod/values/tomcat.yaml');
    await writeFile(values, (await readFile(values, 'utf8')).replace('replicas: 2', 'replicas: 3'));
    const diff = await step('diff', 'prod');
    expect(diff.exitCode, diff.stderr).toBe(0);
    const md = await readFile(join(project, 'diff.md'), 'utf8');
    expect(md).toContain('0 added, 1 changed, 0 removed');
    expect(md).toContain('-  replicas: 2\n+  replicas: 3');
  });
});
