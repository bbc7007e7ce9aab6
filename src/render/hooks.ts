// Helm hook annotations as helm v3 sorts them (pkg/releaseutil): the events an object is a hook for.

/** Helm's test hooks (`test-success` is helm 2's name for `test`, still read as it). */
export const TEST_HOOKS = new Set(['test', 'test-success']);

/** The events of `helm.sh/hook` (comma-separated, spaces trimmed); empty for an object that is no hook. */
export function helmHooks(object: Record<string, any>): string[] {
  const value = object.metadata?.annotations?.['helm.sh/hook'];
  return value === undefined ? [] : String(value).split(',').map((h) => h.trim());
}

/** What `helm template --skip-tests` leaves out. */
export function isHelmTest(object: Record<string, any>): boolean {
  return helmHooks(object).some((h) => TEST_HOOKS.has(h));
}
