// Overlay patches for what a chart does not expose: JSON merge patch (RFC 7386) and JSON patch (RFC 6902).
import { setOwn } from '../gotemplate/values.js';
import { pointerSegments } from '../schema/source.js';

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else setOwn(out, k, mergePatch(Object.hasOwn(out, k) ? out[k] : undefined, v));
  }
  return out;
}

export interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

export class PatchError extends Error {}

/** Apply RFC 6902 operations to a copy of `doc`; throws PatchError naming the failing operation. */
export function jsonPatch(doc: unknown, ops: JsonPatchOp[]): unknown {
  let root = structuredClone(doc);
  ops.forEach((op, i) => {
    const fail = (why: string) => new PatchError(`operation ${i} (${op.op} ${op.path}): ${why}`);
    const get = (path: string) => {
      const { parent, key } = locate(root, path, fail);
      if (parent === undefined) return root;
      if (!has(parent, key)) throw fail(`path ${path} does not exist`);
      return (parent as any)[key];
    };
    const remove = (path: string) => {
      const { parent, key } = locate(root, path, fail);
      if (parent === undefined) throw fail('cannot remove the whole document');
      if (!has(parent, key)) throw fail(`path ${path} does not exist`);
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete (parent as Record<string, unknown>)[key];
    };
    const add = (path: string, value: unknown) => {
      const { parent, key } = locate(root, path, fail);
      if (parent === undefined) {
        root = value;
        return;
      }
      if (Array.isArray(parent)) {
        const idx = key === '-' ? parent.length : Number(key);
        if (!/^\d+$/.test(key) && key !== '-') throw fail(`invalid array index "${key}"`);
        if (idx > parent.length) throw fail(`index ${idx} out of range`);
        parent.splice(idx, 0, value);
      } else setOwn(parent as Record<string, unknown>, key, value);
    };
    switch (op.op) {
      case 'add':
        add(op.path, structuredClone(op.value));
        break;
      case 'remove':
        remove(op.path);
        break;
      case 'replace':
        get(op.path);
        remove(op.path);
        add(op.path, structuredClone(op.value));
        break;
      case 'move': {
        const v = get(op.from!);
        remove(op.from!);
        add(op.path, v);
        break;
      }
      case 'copy':
        add(op.path, structuredClone(get(op.from!)));
        break;
      case 'test':
        if (JSON.stringify(get(op.path)) !== JSON.stringify(op.value)) throw fail('test failed');
        break;
      default:
        throw fail(`unknown op "${op.op}"`);
    }
  });
  return root;
}

function locate(root: unknown, path: string, fail: (why: string) => Error): { parent: unknown; key: string } {
  const segs = pointerSegments(path);
  if (segs.length === 0) return { parent: undefined, key: '' };
  let cur: any = root;
  for (const seg of segs.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object' || !has(cur, seg)) throw fail(`path ${path} does not exist`);
    cur = cur[seg];
  }
  if (cur === null || typeof cur !== 'object') throw fail(`parent of ${path} is not a container`);
  return { parent: cur, key: segs[segs.length - 1]! };
}

function has(container: unknown, key: string): boolean {
  if (Array.isArray(container)) return /^\d+$/.test(key) && Number(key) < container.length;
  return Object.hasOwn(container as object, key);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
