// The single error type of the engine: its message is exactly Go's err.Error() text ("template: …").

export class TemplateError extends Error {
  /** `stackExhausted`: the JS stack ran out below this error, so a deeper stack might let the template finish. */
  constructor(
    message: string,
    readonly stackExhausted = false,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** An error that ends the whole execution as it is: callers neither wrap nor locate it. For limits of the host (a
 *  deadline, a nesting bound) rather than errors of a template. */
export class AbortError extends TemplateError {
  override name = 'AbortError';
}

/** V8 reports exhaustion as a RangeError, or as a SyntaxError when it strikes while compiling a regular expression. */
export function isStackOverflow(e: unknown): boolean {
  return (e instanceof RangeError || e instanceof SyntaxError) && e.message.includes('Maximum call stack size exceeded');
}

/** Whether `e` is, or was caused by, the JS stack running out. */
export function stackExhausted(e: unknown): boolean {
  return isStackOverflow(e) || (e instanceof TemplateError && e.stackExhausted);
}
