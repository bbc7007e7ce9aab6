// One interface over the two ways of rendering a chart: the in-process engine and the real helm binary.
import type { LogLine } from '../helm/log.js';
import type { TemplateRequest } from '../helm/template.js';

export type { TemplateRequest };

export interface Engine {
  name: 'native' | 'helm';
  /** Exactly what `helm template` prints on stdout for the request; throws EngineError on failure. */
  template(chartDir: string, req: TemplateRequest): Promise<string>;
}

/** A failed render; `message` is helm's error text (what helm prints after `Error: `), `log` what it printed on
 *  stderr before it, `stdout` what it printed on stdout anyway. */
export class EngineError extends Error {
  override name = 'EngineError';
  log?: LogLine[];
  stdout?: string;
  constructor(
    message: string,
    readonly engine: 'native' | 'helm',
  ) {
    super(message);
  }
}
