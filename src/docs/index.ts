// Chart documentation generated from values.schema.json: a pure library, no CLI concerns.
export { renderValuesTable, valuesRows, type JsonSchema, type TableOptions, type ValuesRow } from './values-table.js';
export {
  VALUES_END,
  VALUES_START,
  checkChartReadmes,
  documentedCharts,
  renderChartReadme,
  staleReadmes,
} from './readme.js';
