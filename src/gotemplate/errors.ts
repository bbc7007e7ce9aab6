// The single error type of the engine: its message is exactly Go's err.Error() text ("template: …").

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** V8 reports exhaustion as a RangeError, or as a SyntaxError when it strikes while compiling a regular expression. */
export function isStackOverflow(e: unknown): boolean {
  return (e instanceof RangeError || e instanceof SyntaxError) && e.message.includes('Maximum call stack size exceeded');
}
