// The in-process engine: src/helm's reimplementation of `helm template`.
import { Worker } from 'node:worker_threads';
import { HelmError } from '../helm/errors.js';
import type { DeepStackAnswer } from './deep-stack-worker.js';
import { EngineError, type Engine, type TemplateRequest } from './types.js';

/** Go's stacks grow to 1 GB, so helm reaches its include limit of 1000 levels (per template name). The main thread's
 *  ~1 MB stack runs out after a few hundred; this is enough for 1000 levels of several mutually recursive names. */
const DEEP_STACK_MB = 256;

// Workers run compiled JavaScript: from dist/engines and from src/engines (tests) alike this names the build's copy.
const WORKER = new URL('../../dist/engines/deep-stack-worker.js', import.meta.url);

export const nativeEngine: Engine = {
  name: 'native',
  async template(chartDir: string, req: TemplateRequest): Promise<string> {
    // Loaded on the first render only: a run whose releases all come from the render cache never needs the engine.
    const { helmTemplate } = await import('../helm/template.js');
    // Held until the outcome is known: a retry on the deep stack loads the chart (and warns) again.
    const warnings: string[] = [];
    const flush = () => warnings.forEach((w) => req.onWarning?.(w));
    try {
      const stdout = helmTemplate(chartDir, { ...req, onWarning: (m) => warnings.push(m) });
      flush();
      return stdout;
    } catch (e) {
      if (!(e instanceof HelmError)) throw e;
      // Deep recursion is rare: only then pay for a thread (its start-up and a cold JIT) to render it like helm.
      if (e.stackExhausted) return renderOnDeepStack(chartDir, req);
      flush();
      throw new EngineError(e.message, 'native');
    }
  },
};

function renderOnDeepStack(chartDir: string, req: TemplateRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    const { onWarning, ...data } = req;
    const worker = new Worker(WORKER, { workerData: { chartDir, req: data }, resourceLimits: { stackSizeMb: DEEP_STACK_MB } });
    worker.once('message', (answer: DeepStackAnswer) => {
      for (const w of answer.warnings) onWarning?.(w);
      if (answer.ok) resolve(answer.stdout);
      else reject(new EngineError(answer.message, 'native'));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`native engine: deep-stack render thread exited with code ${code}`)));
  });
}
