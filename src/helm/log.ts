// What helm writes on stderr besides its error: Go's `log.Printf` lines (helm sets log.Lshortfile, so each carries the
// source file and line of the call in helm v3.17.3, e.g. `coalesce.go:237: warning: skipped value …`) and the CLI's
// `WARNING: …` lines. A render is synchronous, so the lines of the render in progress are collected here, like Go's
// process-wide logger. A line may carry a note of bundle's own (a symlink that leaves the chart), which bundle's
// env commands show and `bundle template` does not (helm prints none).

export interface LogLine {
  /** The line as helm prints it. */
  text: string;
  note?: string;
}

let lines: LogLine[] | undefined;

/** log.Printf from helm's source `file:line`. */
export function logf(at: string, message: string, note?: string): void {
  lines?.push(note === undefined ? { text: `${at}: ${message}` } : { text: `${at}: ${message}`, note });
}

/** cmd/helm's warning(): `WARNING: …`. */
export function warning(message: string): void {
  lines?.push({ text: `WARNING: ${message}` });
}

/** Run `f`, collecting what it logs into `into` (nested captures go to the innermost). */
export function captureLog<T>(into: LogLine[], f: () => T): T {
  const outer = lines;
  lines = into;
  try {
    return f();
  } finally {
    lines = outer;
  }
}

/** The lines with their notes, as bundle reports warnings. */
export function withNotes(log: LogLine[]): string[] {
  return log.map((l) => (l.note === undefined ? l.text : `${l.text} ${l.note}`));
}
