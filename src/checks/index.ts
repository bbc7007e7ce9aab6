// `bundle lint` checks: the public surface of src/checks.
export { runChecks, hasErrors, type CheckOptions } from './runner.js';
export { checkOutputTree, treeRules } from './output-tree.js';
export { formatFindings, type FindingFormat, type FormatOptions } from './format.js';
export { rules } from './rules/index.js';
export { SCHEMA_PACKAGES } from './schemas/versions.js';
export type { Finding, ObjectRef, RenderedObject, Rule, RuleContext, Severity } from './types.js';
export type { TreeRule } from './tree/types.js';
