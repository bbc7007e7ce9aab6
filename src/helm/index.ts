// Public API of Helm's layer: `helm template` as a function, and its documents as data.
export { HelmError } from './errors.js';
export { helmTemplate, renderChart, type RenderedDoc, type TemplateRequest } from './template.js';
