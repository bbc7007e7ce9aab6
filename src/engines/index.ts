// Engine lookup: `native` (in-process) or `helm` (the real binary found under the bundle tools directory or PATH).
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { helmEngine } from './helm.js';
import { nativeEngine } from './native.js';
import type { Engine } from './types.js';

export { EngineError, type Engine, type TemplateRequest } from './types.js';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `$BUNDLE_TOOLS_DIR/helm-v<major>/helm` (default tools dir `~/.cache/bundle-tools`), else `helm` on PATH. */
export function findHelmBinary(major: 3 | 4): string {
  const toolsDir = process.env['BUNDLE_TOOLS_DIR'] || join(homedir(), '.cache', 'bundle-tools');
  const pinned = join(toolsDir, `helm-v${major}`, 'helm');
  if (executable(pinned)) return pinned;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir && executable(join(dir, 'helm'))) return join(dir, 'helm');
  }
  throw new Error(`helm v${major} not found: expected ${pinned} (run \`npm run tools\`) or helm on PATH`);
}

export function getEngine(name: string): Engine {
  if (name === 'native') return nativeEngine;
  if (name === 'helm') return helmEngine(findHelmBinary(3));
  throw new Error(`unknown engine "${name}" (expected native or helm)`);
}
