// Both engines behind the Engine interface: same request (including in-memory values layers), same bytes.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError, getEngine } from '../../src/engines/index.js';
import type { TemplateRequest } from '../../src/engines/types.js';

const chart = resolve(import.meta.dirname, 'corpus/helm-values-files');

describe('engines', () => {
  it('pass values layers, values files and --set the same way', async () => {
    const req: TemplateRequest = {
      releaseName: 'layers',
      namespace: 'ns',
      kubeVersion: '1.29.0',
      valuesFiles: [resolve(chart, 'one.yaml')],
      values: [{ m: { y: 'from-layer', n: 1e6 }, yes: 'yes', list: [1.5, null] }, { a: 'second-layer' }],
      set: ['m.z=9'],
    };
    const [helm, native] = [await getEngine('helm').template(chart, req), await getEngine('native').template(chart, req)];
    expect(native).toBe(helm);
    expect(native).toContain('second-layer');
  });

  it('report failures as EngineError with the same message', async () => {
    const req: TemplateRequest = { releaseName: 'x', namespace: 'default', kubeVersion: '1.29.0', set: ['a.b'] };
    const errors = await Promise.all(
      (['helm', 'native'] as const).map((name) =>
        getEngine(name)
          .template(chart, req)
          .then(
            () => undefined,
            (e: unknown) => e,
          ),
      ),
    );
    for (const e of errors) expect(e).toBeInstanceOf(EngineError);
    expect((errors[1] as EngineError).message).toBe((errors[0] as EngineError).message);
    expect((errors[0] as EngineError).message).toBe('failed parsing --set data: key "b" has no value');
  });

  it.each(['./no-such-chart', '/no/such/chart', 'repo/no-such-chart', 'no-such-chart'])(
    'report a missing chart path %s like helm',
    async (path) => {
      const req: TemplateRequest = { releaseName: 'x', namespace: 'default', kubeVersion: '1.29.0' };
      const messages = await Promise.all(
        (['helm', 'native'] as const).map((name) =>
          getEngine(name)
            .template(path, req)
            .then(
              () => 'rendered',
              (e: unknown) => (e as Error).message,
            ),
        ),
      );
      expect(messages[1]).toBe(messages[0]);
    },
  );
});
