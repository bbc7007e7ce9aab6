// The e2e gate (test/e2e/setup.ts) in a nested vitest run: under CI=true a missing Go or a failed build fails the run,
// naming the tool or showing the build log's last lines; outside CI a missing Go skips the e2e tests loudly.
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { scratch } from './env.js';

// PATH without Go (it lives in /usr/local/go/bin here); node and bash stay reachable.
const noGo = ['/usr/bin', '/bin', join(process.execPath, '..')].join(':');

async function nested(env: Record<string, string>) {
  const r = await execa(process.execPath, [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', 'test/e2e/cluster.test.ts'], {
    cwd: repoRoot,
    reject: false,
    env: { NO_COLOR: '1', CI: '', ...env },
    all: true,
  });
  return { exitCode: r.exitCode, output: String(r.all) };
}

describe('e2e gate', () => {
  it('under CI=true, a missing Go fails the run and names it', async () => {
    const r = await nested({ CI: 'true', PATH: noGo });
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toContain("e2e: 'go' is not on PATH: the e2e tests build kube-apiserver, etcd and kubectl from the Go module proxy");
  });

  it('outside CI, a missing Go skips the e2e tests with a loud message', async () => {
    const r = await nested({ PATH: noGo });
    expect(r.exitCode, r.output).toBe(0);
    expect(r.output).toContain("!! e2e tests SKIPPED: 'go' is not on PATH");
    expect(r.output).toMatch(/Tests\s+\d+ skipped/);
  });

  it('under CI=true, a failed build fails the run with the build log\'s last lines', async () => {
    // A version no one has, with the proxy switched off: the download fails, offline.
    const r = await nested({ CI: 'true', GOPROXY: 'off', BUNDLE_KUBE_VERSION: '1.25.999', BUNDLE_TOOLS_DIR: await scratch('gate') });
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toContain('e2e: building the Kubernetes binaries failed (scripts/kube/build.sh)');
    expect(r.output).toMatch(/build-kube: downloading k8s\.io\/kubernetes@v1\.25\.999 failed; last lines of \S+\/kube-v1\.25\.999\/build\.log:\n.*GOPROXY=off/s);
  });
});
