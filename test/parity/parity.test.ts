// Byte-for-byte parity between `bundle template` (native engine) and helm v3.17.3 over the corpus and the
// repository's charts: exit code, stdout, stderr and the files --output-dir writes. Cases listed in known-gaps.json
// are expected to differ (each with the reason); they run as `it.fails` so that a fixed gap shows up as a failure to
// remove from the list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCase, corpusDir, listCases } from './harness.js';

const knownGaps: Record<string, string> = JSON.parse(readFileSync(join(corpusDir, '..', 'known-gaps.json'), 'utf8'));
const cases = listCases();
const stats = { same: 0, bothFailed: 0, different: 0 };

describe('parity with helm v3.17.3', () => {
  afterAll(() => {
    console.log(
      `parity: ${cases.length} cases, ${stats.same} identical (exit 0), ${stats.bothFailed} failing in both with ` +
        `identical output and error text, ${stats.different} different`,
    );
  });

  for (const c of cases) {
    const test = Object.hasOwn(knownGaps, c.name) ? it.fails : it;
    test(c.name, async () => {
      const r = await compareCase(c);
      if (!r.equal) stats.different++;
      else if (r.helm.code === 0) stats.same++;
      else stats.bothFailed++;
      if (!r.equal) console.log(`${c.name}\n${r.diff}`);
      expect(r.equal, r.diff).toBe(true);
    });
  }
});
