// What helm writes on stderr besides its error: Go's `log.Printf` lines (helm sets log.Lshortfile, so each carries the
// source file and line of the call in helm v3.17.3, e.g. `coalesce.go:237: warning: skipped value …`) and the CLI's
// `WARNING: …` lines. A render is synchronous, so the lines of the render in progress are collected here, like Go's
// process-wide logger.

let lines: string[] | undefined;

/** log.Printf from helm's source `file:line`. */
export function logf(at: string, message: string): void {
  lines?.push(`${at}: ${message}`);
}

/** cmd/helm's warning(): `WARNING: …`. */
export function warning(message: string): void {
  lines?.push(`WARNING: ${message}`);
}

/** Run `f`, collecting what it logs into `into` (nested captures go to the innermost). */
export function captureLog<T>(into: string[], f: () => T): T {
  const outer = lines;
  lines = into;
  try {
    return f();
  } finally {
    lines = outer;
  }
}
