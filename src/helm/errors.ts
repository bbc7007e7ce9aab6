// The error `helm template` reports; the message is the text helm prints after `Error: `.
import type { LogLine } from './log.js';
export class HelmError extends Error {
  override name = 'HelmError';
  /** What helm logged on stderr before failing (warnings), when the error ends a whole command. */
  log?: LogLine[];
  /** What helm prints on stdout despite the error (with --debug, the manifests rendered so far). */
  stdout?: string;
  /** `stackExhausted`: the JS stack ran out while rendering; on a deeper stack the chart may render. */
  constructor(
    message: string,
    readonly stackExhausted = false,
  ) {
    super(message);
  }
}
