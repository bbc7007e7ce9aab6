// Real helm v3/v4 against an e2e cluster, and waiting for what `helm uninstall` deletes to be gone.
import { execa } from 'execa';
import { findHelmBinary } from '../../src/engines/index.js';
import type { Connection } from '../../src/cluster/connection.js';
import { describeRef, refOf, Resources } from '../../src/cluster/resources.js';
import { parseManifests } from '../../src/render/manifest-yaml.js';
import { scratch } from './env.js';

export type HelmMajor = 3 | 4;

const homes = new Map<HelmMajor, Promise<string>>();

export async function helmRunner(major: HelmMajor, kubeconfig: string) {
  if (!homes.has(major)) homes.set(major, scratch(`helm${major}`));
  const home = await homes.get(major)!;
  const bin = findHelmBinary(major);
  return async (args: string[]): Promise<string> => {
    const r = await execa(bin, [...args, '--kubeconfig', kubeconfig], {
      reject: false,
      extendEnv: false,
      env: { HOME: home, PATH: '/usr/bin:/bin' },
      timeout: 120_000,
    });
    if (r.exitCode !== 0) throw new Error(`helm v${major} ${args.join(' ')} failed (exit ${r.exitCode}):\n${r.stderr}`);
    // As in the env tests, a warning of the server fails: client-go logs them, v3 as `W… warnings.go:70] text`, v4 as
    // `I… warnings.go:107] "Warning: text"`.
    const warnings = [...new Set([...r.stderr.matchAll(/warnings\.go:\d+\] (.*)$/gm)].map((m) => m[1]!.replace(/^"Warning: (.*)"$/, '$1')))];
    if (warnings.length > 0) throw new Error(`helm v${major} ${args.join(' ')}: the API server warned:\n${warnings.join('\n')}`);
    return r.stdout;
  };
}

/** The objects of `helm get manifest|hooks`, namespaced ones placed in the release namespace as helm does. */
export async function objectsOf(conn: Connection, manifest: string, namespace: string): Promise<any[]> {
  const resources = new Resources(conn);
  const objects = parseManifests(manifest).filter((o): o is any => o !== null && typeof o === 'object');
  for (const o of objects) {
    if (!o.metadata.namespace && (await resources.info(o.apiVersion, o.kind)).namespaced) o.metadata.namespace = namespace;
  }
  return objects;
}

/** Waits until every object is gone (deleted Namespaces, PVCs and PVs are finished by the controller stand-in, CRDs
 *  by the apiserver). */
export async function waitGone(conn: Connection, objects: any[], timeoutMs = 60_000): Promise<void> {
  const resources = new Resources(conn);
  const deadline = Date.now() + timeoutMs;
  for (const obj of objects) {
    const ref = refOf(obj);
    let path: string;
    try {
      path = (await resources.path(ref)).path;
    } catch {
      continue; // its kind went away with its CRD
    }
    for (;;) {
      const got = await conn.request('GET', path);
      if (got.status === 404) break;
      if (Date.now() > deadline) {
        const m = got.body?.metadata ?? {};
        throw new Error(`${describeRef(ref)} still exists ${timeoutMs / 1000} s after uninstall (deletionTimestamp ${m.deletionTimestamp ?? 'none'}, finalizers ${JSON.stringify(m.finalizers ?? [])})`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function deleteObjects(conn: Connection, objects: any[]): Promise<void> {
  const resources = new Resources(conn);
  for (const obj of objects) {
    const { path } = await resources.path(refOf(obj));
    const res = await conn.request('DELETE', path, { query: { propagationPolicy: 'Background' } });
    if (res.status >= 300 && res.status !== 404) throw new Error(`deleting ${describeRef(refOf(obj))}: HTTP ${res.status} ${res.body?.message ?? ''}`);
  }
}
