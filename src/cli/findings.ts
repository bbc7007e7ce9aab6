// Show check findings: warnings print, errors block; GitHub annotations when running in GitHub Actions.
import type { Finding } from '../checks/types.js';

export class ChecksFailed extends Error {
  constructor(readonly findings: Finding[]) {
    const errors = findings.filter((f) => f.severity === 'error' && f.waived === undefined).length;
    super(`${errors} check error${errors === 1 ? '' : 's'} (see above); nothing was written`);
  }
}

/** Print findings to stderr (and annotation lines to stdout on GitHub Actions); throw when any is an error. */
export async function reportFindings(findings: Finding[]): Promise<void> {
  const { formatFindings, hasErrors } = await import('../checks/index.js');
  if (findings.length === 0) return;
  process.stderr.write(formatFindings(findings, 'text'));
  if (process.env.GITHUB_ACTIONS === 'true') process.stdout.write(formatFindings(findings, 'github', { sourcePrefix: 'charts/' }));
  if (hasErrors(findings)) throw new ChecksFailed(findings);
}

/** Findings of the Argo CD output lint on a staged tree, as a verify step for the atomic write; `known` holds the
 *  objects of the files just written, so only foreign files are parsed again. */
export async function verifyOutputTree(dir: string, known: Map<string, unknown>): Promise<void> {
  const { checkOutputTree } = await import('../checks/index.js');
  await reportFindings(await checkOutputTree(dir, known));
}
