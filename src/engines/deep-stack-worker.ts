// Worker entry of the native engine's retry: render one chart on a thread whose stack is deep enough for
// helm's include limit. The request arrives as a structured clone (it is plain data); the answer goes back the same way.
import { parentPort, workerData } from 'node:worker_threads';
import { HelmError } from '../helm/errors.js';
import type { LogLine } from '../helm/log.js';
import { helmTemplateCommand, type TemplateOptions, type TemplateOutput } from '../helm/template.js';

export type DeepStackAnswer = { ok: true; output: TemplateOutput } | { ok: false; message: string; log?: LogLine[]; stdout?: string };

const { args, opts } = workerData as { args: string[]; opts: TemplateOptions };
let answer: DeepStackAnswer;
try {
  answer = { ok: true, output: helmTemplateCommand(args, opts) };
} catch (e) {
  // Anything else is a bug: let it surface as the worker's error.
  if (!(e instanceof HelmError)) throw e;
  answer = { ok: false, message: e.message, log: e.log, stdout: e.stdout };
}
parentPort!.postMessage(answer);
