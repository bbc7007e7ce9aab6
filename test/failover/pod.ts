// Runs a container of a rendered pod spec on this machine the way the kubelet would on a node, so tests start the
// daemons with the command, args, env, files, user and capabilities the chart rendered - not a test's own variant:
// - a private mount namespace where every volumeMount is a bind mount of a host directory at its mountPath
//   (configMap volumes hold the ConfigMap's files, emptyDirs are empty; a mountPath missing on the host is made
//   inside the namespace on an overlay of its nearest existing parent, so the host is never changed);
// - env from `value`, `fieldRef: spec.nodeName` and `secretKeyRef` (a missing Secret key fails, as the kubelet's
//   CreateContainerConfigError does), and $(VAR) expansion of command and args;
// - runAsUser/runAsGroup, the capability bounding set from `capabilities` (drop ALL + add), and no_new_privs unless
//   allowPrivilegeEscalation is true.
// The image itself is stood in for by host binaries on `path`: the caller picks binaries built like the image's.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ContainerRun {
  /** Command line to run (directly or under `ip netns exec`): unshare → mounts → setpriv → the container's command. */
  argv: string[];
  env: Record<string, string>;
}

export interface ContainerOptions {
  pod: any;
  container: any;
  /** Rendered objects of the release (ConfigMaps for configMap volumes). */
  objects: any[];
  nodeName: string;
  /** Secrets by name: key → value. */
  secrets?: Record<string, Record<string, string>>;
  /** Directories standing in for the image's PATH. */
  path: string[];
  /** Scratch directory of the pod: its volumes (shared by its containers) and each container's overlays. */
  workDir: string;
  /** Extra args appended after the rendered ones (e.g. nginx's `-t`). */
  extraArgs?: string[];
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Kubelet's $(VAR) expansion: known variables are replaced, $$ escapes, anything else stays as written. */
function expand(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) =>
    name === undefined ? '$' : Object.hasOwn(env, name) ? env[name]! : m,
  );
}

function containerEnv(opts: ContainerOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of opts.container.env ?? []) {
    if (e.value !== undefined) env[e.name] = expand(String(e.value), env);
    else if (e.valueFrom?.fieldRef?.fieldPath === 'spec.nodeName') env[e.name] = opts.nodeName;
    else if (e.valueFrom?.secretKeyRef) {
      const { name, key } = e.valueFrom.secretKeyRef;
      const value = opts.secrets?.[name]?.[key];
      if (value === undefined) throw new Error(`container ${opts.container.name}: couldn't find key ${key} in Secret ${name}`);
      env[e.name] = value;
    } else throw new Error(`container ${opts.container.name}: env ${e.name} has a source this runner does not model`);
  }
  return env;
}

/** Host directories for the pod's volumes: ConfigMap files written out, emptyDirs created (owned by `owner`). */
async function volumeDirs(opts: ContainerOptions): Promise<Map<string, string>> {
  const dirs = new Map<string, string>();
  for (const volume of opts.pod.volumes ?? []) {
    const dir = join(opts.workDir, 'volumes', volume.name);
    await mkdir(dir, { recursive: true });
    // Writable by the container's user, as an emptyDir is.
    await chmod(dir, 0o777);
    if (volume.configMap) {
      const cm = opts.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap.name);
      if (!cm) throw new Error(`volume ${volume.name}: ConfigMap ${volume.configMap.name} is not rendered`);
      for (const [key, text] of Object.entries<string>(cm.data ?? {})) await writeFile(join(dir, key), text, { mode: 0o644 });
    } else if (!volume.emptyDir) {
      throw new Error(`volume ${volume.name}: only configMap and emptyDir volumes are modelled`);
    }
    dirs.set(volume.name, dir);
  }
  return dirs;
}

export async function containerRun(opts: ContainerOptions): Promise<ContainerRun> {
  const { container, pod } = opts;
  const env = { PATH: [...opts.path, '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':'), LC_ALL: 'C', TZ: 'UTC', ...containerEnv(opts) };
  const dirs = await volumeDirs(opts);
  const sc = { ...(pod.securityContext ?? {}), ...(container.securityContext ?? {}) };
  const uid = Number(sc.runAsUser ?? 0);
  const gid = Number(sc.runAsGroup ?? uid);
  const overlays = join(opts.workDir, 'overlays', container.name);
  await mkdir(overlays, { recursive: true });
  const script = [
    'set -e',
    // A directory that is missing on the host is made on an overlay of its nearest existing parent.
    `ensure() { [ -d "$1" ] && return 0; a=$1; while [ ! -e "$a" ]; do a=$(dirname "$a"); done; ` +
      `n=${shellQuote(overlays)}/$(printf %s "$a" | tr / _); mkdir -p "$n.up" "$n.work"; ` +
      `mount -t overlay overlay -o "lowerdir=$a,upperdir=$n.up,workdir=$n.work" "$a"; mkdir -p "$1"; }`,
  ];
  for (const m of container.volumeMounts ?? []) {
    const dir = dirs.get(m.name);
    if (!dir) throw new Error(`container ${container.name}: volumeMount ${m.name} names no volume`);
    script.push(`ensure ${shellQuote(m.mountPath)}`, `mount --bind ${shellQuote(dir)} ${shellQuote(m.mountPath)}`);
    if (m.readOnly) script.push(`mount -o remount,bind,ro ${shellQuote(m.mountPath)}`);
  }
  const caps = sc.capabilities ?? {};
  const drop = (caps.drop ?? []).map((c: string) => c.toLowerCase());
  const add = (caps.add ?? []).map((c: string) => c.toLowerCase());
  const bounding = drop.includes('all') ? ['-all', ...add.map((c: string) => `+${c}`)] : drop.map((c: string) => `-${c}`);
  const setpriv = ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups'];
  if (bounding.length > 0) setpriv.push(`--bounding-set=${bounding.join(',')}`, '--inh-caps=-all');
  if (sc.allowPrivilegeEscalation !== true) setpriv.push('--no-new-privs');
  script.push(`exec ${setpriv.map(shellQuote).join(' ')} -- "$@"`);
  const command = [...(container.command ?? []), ...(container.args ?? []), ...(opts.extraArgs ?? [])].map((a) => expand(String(a), env));
  if (container.command === undefined) throw new Error(`container ${container.name}: no command (the image's entrypoint is not modelled)`);
  return { argv: ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', script.join('\n'), 'sh', ...command], env };
}
