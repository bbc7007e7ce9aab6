// chartutil.IsCompatibleRange: does a Masterminds/semver constraint accept a version? Any parse error means no.
import { sprigFuncs } from '../sprig/index.js';

const semverCompare = sprigFuncs['semverCompare']!;

export function isCompatibleRange(constraint: string, version: string): boolean {
  try {
    return semverCompare.fn(constraint, version) === true;
  } catch {
    return false;
  }
}
