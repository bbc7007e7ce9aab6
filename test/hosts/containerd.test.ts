// containerd's own parser judges every rendered config.toml (`containerd --config <file> config dump`, Debian's
// containerd 1.6), and the effective configuration equals what the course gets from `containerd config default`
// plus its three hand edits (§1.2.2, §1.2.5). The certs.d mirrors go through containerd's hosts.toml loader
// (remotes/docker/config at Debian's version, built by scripts/containerd/build.sh as the small hosts-dump tool).
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, repoRoot } from '../helpers/cli.js';
import { missingTool, projectCopy, which } from './project.js';

const NODES = ['master1', 'node1', 'node2'];
let containerd: string | undefined;
let project: string;
let work: string;

beforeAll(async () => {
  project = await projectCopy();
  work = await mkdtemp(join(tmpdir(), 'bundle-containerd-'));
  const r = await bundle(['hosts', 'env/prod'], { cwd: project });
  expect(r.exitCode, r.stderr).toBe(0);
});

afterAll(async () => {
  for (const dir of [project, work]) if (dir) await rm(dir, { recursive: true, force: true });
});

async function dump(file: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const r = await execa(containerd!, ['--config', file, 'config', 'dump'], { reject: false });
  return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** A key's value in one table of a dump (TOML as containerd prints it: one header line, then its keys). */
function tableValue(dumped: string, table: string, key: string): string | undefined {
  const lines = dumped.split('\n');
  const header = lines.findIndex((l) => l.trim() === `[${table}]`);
  if (header < 0) return undefined;
  for (const line of lines.slice(header + 1)) {
    if (line.trim().startsWith('[')) return undefined;
    const m = /^\s*(\w+) = (.*)$/.exec(line);
    if (m?.[1] === key) return m[2];
  }
  return undefined;
}

const CRI = 'plugins."io.containerd.grpc.v1.cri"';

/** The settings the course changes, as containerd resolved them (not as the file spells them). */
function effective(dumped: string): Record<string, string | undefined> {
  return {
    systemdCgroup: tableValue(dumped, `${CRI}.containerd.runtimes.runc.options`, 'SystemdCgroup'),
    sandboxImage: tableValue(dumped, CRI, 'sandbox_image'),
    configPath: tableValue(dumped, `${CRI}.registry`, 'config_path'),
    address: tableValue(dumped, 'grpc', 'address'),
  };
}

describe('containerd reads every rendered config.toml', () => {
  beforeAll(async () => {
    containerd = await which('containerd');
    if (!containerd) missingTool('containerd (Debian package containerd)');
  });

  it.for(NODES)('%s: parsed, with systemd cgroups, the sandbox image and the mirrors folder (A9, A10)', async (node, ctx) => {
    if (!containerd) return ctx.skip();
    const r = await dump(join(project, `rendered-hosts/prod/${node}/etc/containerd/config.toml`));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(effective(r.stdout)).toEqual({
      systemdCgroup: 'true',
      sandboxImage: '"registry.aliyuncs.com/google_containers/pause:3.7"',
      configPath: '"/etc/containerd/certs.d"',
      address: '"/run/containerd/containerd.sock"',
    });
  });

  it('equals `containerd config default` with the course edits, up to runc options left at their zero values', async (ctx) => {
    if (!containerd) return ctx.skip();
    const defaults = (await execa(containerd, ['config', 'default'])).stdout;
    // §1.2.2 and §1.2.5, as the course makes them with vim.
    const edited = defaults
      .replace(/SystemdCgroup = false/, 'SystemdCgroup = true')
      .replace(/sandbox_image = ".*"/, 'sandbox_image = "registry.aliyuncs.com/google_containers/pause:3.7"')
      .replace(/config_path = ""/, 'config_path = "/etc/containerd/certs.d"');
    expect(edited).not.toBe(defaults);
    const courseFile = join(work, 'course.toml');
    await writeFile(courseFile, edited);
    const normalise = (text: string) =>
      text
        .split('\n')
        .filter((l) => !l.startsWith('imports = '))
        // A runc option at its zero value is the runc shim's default whether or not the file names it.
        .filter((l) => !/^ {12}\w+ = (""|0|false)$/.test(l))
        .join('\n');
    const course = await dump(courseFile);
    const ours = await dump(join(project, 'rendered-hosts/prod/master1/etc/containerd/config.toml'));
    expect(course.exitCode, course.stderr).toBe(0);
    expect(normalise(ours.stdout)).toBe(normalise(course.stdout));
  });

  it('the check fails on a broken file and on a misspelt setting (which containerd ignores)', async (ctx) => {
    if (!containerd) return ctx.skip();
    const rendered = await readFile(join(project, 'rendered-hosts/prod/node1/etc/containerd/config.toml'), 'utf8');
    const broken = join(work, 'broken.toml');
    await writeFile(broken, rendered.replace('[grpc]', '[grpc'));
    expect((await dump(broken)).exitCode).not.toBe(0);
    const misspelt = join(work, 'misspelt.toml');
    await writeFile(misspelt, rendered.replace('SystemdCgroup = true', 'SystemdCgroups = true'));
    const r = await dump(misspelt);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(effective(r.stdout).systemdCgroup).toBeUndefined();
  });
});

describe("containerd's hosts.toml loader reads the mirrors", () => {
  let hostsDump: string | undefined;

  beforeAll(async () => {
    const build = await execa('bash', [join(repoRoot, 'scripts/containerd/build.sh')], { reject: false });
    if (build.exitCode !== 0) return missingTool(`hosts-dump (scripts/containerd/build.sh: ${build.stderr.trim().split('\n').at(-1)})`);
    hostsDump = build.stdout.trim();
  }, 15 * 60_000);

  it.for(NODES)('%s: the two mirrors in the course\'s order, pull only, then Docker Hub itself (A10)', async (node, ctx) => {
    if (!hostsDump) return ctx.skip();
    const r = await execa(hostsDump, [join(project, `rendered-hosts/prod/${node}/etc/containerd/certs.d`), 'docker.io']);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual([
      'https://vh3bm52y.mirror.aliyuncs.com/v2 pull',
      'https://registry.docker-cn.com/v2 pull',
      'https://registry-1.docker.io/v2 pull,resolve,push',
    ]);
  });

  it("the course's own hosts.toml is refused, so its mirrors were never used", async (ctx) => {
    if (!hostsDump) return ctx.skip();
    const certs = join(work, 'course-certs.d');
    await mkdir(join(certs, 'docker.io'), { recursive: true });
    await writeFile(
      join(certs, 'docker.io/hosts.toml'),
      '[host."https://vh3bm52y.mirror.aliyuncs.com",host."https://registry.docker-cn.com"]\n  capabilities = ["pull"]\n',
    );
    const r = await execa(hostsDump, [certs, 'docker.io']);
    expect(r.stderr).toContain('failed to decode hosts.toml');
    expect(r.stdout).toBe('https://registry-1.docker.io/v2 pull,resolve,push');
  });
});
