import { it } from 'vitest';
import { TemplateSet } from '../../src/gotemplate/index.js';
import { helmFuncs } from '../../src/helm/funcs.js';
it('probe depth', () => {
  for (const n of [100, 300, 500, 800, 1000, 1200]) {
    const set = new TemplateSet({ missingKey: 'zero' });
    set.setOptions({ funcs: helmFuncs(set, new Map()) });
    set.parse('main', `{{ define "r" }}{{ if gt . 0 }}{{ include "r" (sub . 1) }}{{ end }}{{ end }}{{ include "r" ${n} }}`);
    try { set.execute('main', null); console.log(n, 'ok'); } catch (e) { console.log(n, String(e).slice(0, 100)); }
  }
});
