// A TOML writer for the two containerd files: tables in the order given, keys in insertion order (containerd tries
// the [host."…"] tables of hosts.toml in file order, which a map-sorting encoder such as src/goencoding's would lose),
// and only the value types those files hold.

export type TomlValue = string | boolean | number | string[];

export interface TomlTable {
  /** Header path: [] for the root table, ['plugins', 'io.containerd.grpc.v1.cri'] for [plugins."io.containerd.grpc.v1.cri"]. */
  path: string[];
  values: Record<string, TomlValue>;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** A TOML basic string. JSON's escapes are TOML's, except that TOML also wants DEL escaped. */
function basicString(s: string): string {
  return JSON.stringify(s).replace(/\u007f/g, '\\u007F');
}

function key(k: string): string {
  return BARE_KEY.test(k) ? k : basicString(k);
}

function value(v: TomlValue): string {
  if (typeof v === 'string') return basicString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`TOML writer: ${v} is not an integer`);
    return String(v);
  }
  return `[${v.map(basicString).join(', ')}]`;
}

export function toToml(tables: TomlTable[]): string {
  const blocks = tables.map(({ path, values }) => {
    const indent = path.length > 0 ? '  ' : '';
    const lines = Object.entries(values).map(([k, v]) => `${indent}${key(k)} = ${value(v)}`);
    return (path.length > 0 ? [`[${path.map(key).join('.')}]`, ...lines] : lines).join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
