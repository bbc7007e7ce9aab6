// Sprig's reflection functions (reflect.go): %T type names and reflect.Kind names from the Go value model.
import { kindOf, typeName, type FuncMap } from '../gotemplate/values.js';
import { goFunc } from './define.js';
import { deepEqual } from './reflect.js';

const I = 'interface{}' as const;

export const reflectionFuncs: FuncMap = {
  typeOf: goFunc([I], typeName, { result: 'string' }),
  typeIs: goFunc(['string', I], (t: string, v: unknown) => t === typeName(v), { result: 'bool' }),
  typeIsLike: goFunc(['string', I], (t: string, v: unknown) => t === typeName(v) || '*' + t === typeName(v), { result: 'bool' }),
  kindOf: goFunc([I], (v: unknown) => kindOf(v), { result: 'string' }),
  kindIs: goFunc(['string', I], (t: string, v: unknown) => t === kindOf(v), { result: 'bool' }),
  deepEqual: goFunc([I, I], deepEqual, { result: 'bool' }),
};
