// Proof that the apply test can fail: env/prod rendered from a copy of the charts whose web StatefulSet template was
// broken in one way each time must make applyEnv (the apply test's own check) throw with the server's reason. The
// label mutation is one the offline checks (`bundle lint`: schemas, rules) let through, so it shows what only the API
// server catches; what the offline checks say about each mutation is printed.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/checks/types.js';
import { getEngine } from '../../src/engines/index.js';
import { renderFiles } from '../../src/pipeline.js';
import { repoRoot } from '../helpers/cli.js';
import { applyEnv, bootstrapArgoCd, liveCluster, scratch, skipReason, type LiveCluster } from './env.js';

const TEMPLATE = 'charts/web/templates/statefulset.yaml';
const MUTATIONS = [
  {
    name: 'an invalid label value',
    from: '    {{- include "common.labels" $c | nindent 4 }}\nspec:',
    to: '    {{- include "common.labels" $c | nindent 4 }}\n    bundle.dev/owner: platform team\nspec:',
    server: /StatefulSet\.apps "web" is invalid: metadata\.labels: Invalid value: "platform team": a valid label must be an empty string or consist of alphanumeric characters/,
    offlineCatches: false,
  },
  {
    name: 'a bad quantity',
    from: 'storage: {{ .Values.persistence.size }}',
    to: 'storage: {{ .Values.persistence.size }}B',
    server: /quantities must match the regular expression/,
  },
  {
    name: 'an unknown field',
    from: '  podManagementPolicy:',
    to: '  podManagmentPolicy: Parallel\n  podManagementPolicy:',
    server: /\.spec\.podManagmentPolicy: field not declared in schema/,
  },
];

describe.skipIf(skipReason)('mutation: a broken chart template fails the apply test', () => {
  let lc: LiveCluster;
  beforeAll(async () => {
    lc = await liveCluster('mutation');
    await bootstrapArgoCd(lc, 'prod');
  });
  afterAll(async () => lc?.close());

  it.each(MUTATIONS)('$name', async (m) => {
    const project = await scratch('mutation');
    await cp(join(repoRoot, 'overlays'), join(project, 'overlays'), { recursive: true });
    await cp(join(repoRoot, 'charts'), join(project, 'charts'), { recursive: true });
    const template = join(project, TEMPLATE);
    const text = await readFile(template, 'utf8');
    expect(text).toContain(m.from);
    await writeFile(template, text.replace(m.from, m.to));

    let findings: Finding[] = [];
    const { files } = await renderFiles(join(project, 'overlays/prod'), {
      engine: getEngine('native'),
      concurrency: 2,
      onFindings: async (f) => {
        findings = f;
      },
    });
    // What `bundle lint` fails on: errors the env does not waive (prod waives the course's :latest tags, …).
    const offline = findings.filter((f) => f.severity === 'error' && f.waived === undefined);
    console.log(`${m.name}: offline checks report ${offline.length ? offline.map((f) => f.message).join('; ') : 'nothing'}`);
    if (m.offlineCatches === false) expect(offline).toEqual([]);

    await expect(applyEnv(lc, files, 'mutated env/prod')).rejects.toThrow(m.server);
  });
});
