// The in-process engine: src/helm's reimplementation of `helm template`.
import { Worker } from 'node:worker_threads';
import { HelmError } from '../helm/errors.js';
import { withNotes, type LogLine } from '../helm/log.js';
import type { TemplateOptions, TemplateOutput } from '../helm/template.js';
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
    // Functions do not cross to the deep-stack thread; what helm logged comes back with the outcome.
    const { onWarning, ...opts } = req;
    const warn = (log: LogLine[] | undefined) => {
      for (const w of withNotes(log ?? [])) onWarning?.(w);
    };
    let out: TemplateOutput;
    try {
      out = await templateCommand([req.releaseName, chartDir], opts);
    } catch (e) {
      if (e instanceof EngineError) warn(e.log);
      throw e;
    }
    warn(out.log);
    if (out.error !== undefined) throw new EngineError(out.error, 'native');
    return out.stdout;
  },
};

/** `helm template` with its arguments, natively: what it prints and writes, or an EngineError (whose `log` and
 *  `stdout` hold what helm prints besides the error). */
export async function templateCommand(args: string[], opts: TemplateOptions): Promise<TemplateOutput> {
  // Loaded on the first render only: a run whose releases all come from the render cache never needs the engine.
  const { helmTemplateCommand } = await import('../helm/template.js');
  try {
    return helmTemplateCommand(args, opts);
  } catch (e) {
    if (!(e instanceof HelmError)) throw e;
    // Deep recursion is rare: only then pay for a thread (its start-up and a cold JIT) to render it like helm.
    if (e.stackExhausted) return renderOnDeepStack(args, opts);
    throw engineError(e.message, e.log, e.stdout);
  }
}

function engineError(message: string, log?: LogLine[], stdout?: string): EngineError {
  const err = new EngineError(message, 'native');
  err.log = log;
  err.stdout = stdout;
  return err;
}

function renderOnDeepStack(args: string[], opts: TemplateOptions): Promise<TemplateOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { args, opts }, resourceLimits: { stackSizeMb: DEEP_STACK_MB } });
    worker.once('message', (answer: DeepStackAnswer) => {
      if (answer.ok) resolve(answer.output);
      else reject(engineError(answer.message, answer.log, answer.stdout));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`native engine: deep-stack render thread exited with code ${code}`)));
  });
}
