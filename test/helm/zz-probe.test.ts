import { it } from 'vitest';
import { TemplateSet } from '../../src/gotemplate/index.js';
import { helmFuncs } from '../../src/helm/funcs.js';
it('probe depth', () => {
  const set = new TemplateSet({ missingKey: 'zero' });
  const funcs = helmFuncs(set, new Map());
  let depth = 0; let maxDepth = 0;
  const inc = funcs['include']!;
  const orig = inc.fn;
  funcs['include'] = { ...inc, fn: (n: string, d: unknown) => { depth++; maxDepth = Math.max(depth, maxDepth); if (depth === 20) { Error.stackTraceLimit = 60; console.log(new Error().stack); } try { return orig(n, d); } finally { depth--; } } };
  set.setOptions({ funcs });
  set.parse('main', `{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}`);
  try { set.execute('main', null); } catch (e) { console.log(String(e).slice(-200)); }
  console.log('maxDepth', maxDepth);
});
