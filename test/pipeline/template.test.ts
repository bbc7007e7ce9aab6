// `bundle template` prints exactly what `helm template` prints, with either engine, for the same arguments.
import { execa } from 'execa';
import { mkdtemp } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundle, repoRoot } from '../helpers/cli.js';

const helm = join(process.env.BUNDLE_TOOLS_DIR ?? join(homedir(), '.cache/bundle-tools'), 'helm-v3/helm');

async function realHelm(args: string[]) {
  const home = await mkdtemp(join(tmpdir(), 'bundle-helm-home-'));
  const r = await execa(helm, ['template', ...args], {
    cwd: repoRoot,
    reject: false,
    extendEnv: false,
    env: { HOME: home, PATH: '/usr/bin:/bin', TZ: 'UTC', LC_ALL: 'C' },
    stripFinalNewline: false,
  });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const cases: Array<[string, string[]]> = [
  ['defaults with the required value set', ['nfs', 'charts/nfs-provisioner', '--set', 'nfs.server=10.0.0.1,nfs.path=/x', '--kube-version', '1.25.0']],
  [
    'values files, --set, --set-string, namespace, api versions',
    [
      'edge',
      'charts/ingress-nginx',
      '-f',
      'charts/ingress-nginx/ci/daemonset-values.yaml',
      '--set',
      'controller.replicas=1',
      '--set-string',
      'controller.ingressClass=edge',
      '-n',
      'edge',
      '--kube-version',
      '1.25.0',
      '-a',
      'monitoring.coreos.com/v1',
    ],
  ],
  ['CRDs and --show-only', ['cni', 'charts/cni', '--set', 'interface=eth0,podCIDR=10.244.0.0/16', '--include-crds', '--kube-version', '1.25.0', '-s', 'templates/calico-config.yaml', '-s', 'templates/calico-rbac.yaml']],
];

describe('bundle template', () => {
  it.each(cases)('%s: native and helm engines print what helm prints', async (_name, args) => {
    const expected = await realHelm(args);
    expect(expected.exitCode, expected.stderr).toBe(0);
    for (const engine of ['native', 'helm']) {
      const r = await bundle(['template', ...args, '--engine', engine]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout + '\n', engine).toBe(expected.stdout);
    }
  });

  it('fails like helm when a required value is missing', async () => {
    const args = ['nfs', 'charts/nfs-provisioner', '--kube-version', '1.25.0'];
    const expected = await realHelm(args);
    expect(expected.exitCode).toBe(1);
    const r = await bundle(['template', ...args]);
    expect(r.exitCode).toBe(1);
    const helmMessage = /^Error: (.*)$/m.exec(expected.stderr)![1]!;
    expect(r.stderr).toContain(helmMessage);
  });
});
