// The single error type of the engine: its message is exactly Go's err.Error() text ("template: …").

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}
