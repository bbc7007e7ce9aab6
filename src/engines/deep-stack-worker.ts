// Worker entry of the native engine's retry: render one chart on a thread whose stack is deep enough for
// helm's include limit. The request arrives as a structured clone (it is plain data); the answer goes back the same way.
import { parentPort, workerData } from 'node:worker_threads';
import { HelmError } from '../helm/errors.js';
import { helmTemplate, type TemplateRequest } from '../helm/template.js';

export type DeepStackAnswer = { ok: true; stdout: string; warnings: string[] } | { ok: false; message: string; warnings: string[] };

const { chartDir, req } = workerData as { chartDir: string; req: TemplateRequest };
// Functions do not cross threads: warnings travel back with the answer.
const warnings: string[] = [];
let answer: DeepStackAnswer;
try {
  answer = { ok: true, stdout: helmTemplate(chartDir, { ...req, onWarning: (m) => warnings.push(m) }), warnings };
} catch (e) {
  // Anything else is a bug: let it surface as the worker's error.
  if (!(e instanceof HelmError)) throw e;
  answer = { ok: false, message: e.message, warnings };
}
parentPort!.postMessage(answer);
