// The values table of a chart README: one row per documented key of values.schema.json, default from values.yaml.
import Handlebars from 'handlebars';

/** The part of JSON Schema draft-07 the table reads. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}

export interface ValuesRow {
  key: string;
  type: string;
  default: string;
  description: string;
}

export interface TableOptions {
  /** Top-level keys left out of the table, e.g. the values of subcharts, which document themselves. */
  skip?: string[];
}

const template = Handlebars.compile(
  [
    '| Key | Type | Default | Description |',
    '|-----|------|---------|-------------|',
    '{{#each rows}}',
    '| `{{key}}` | {{type}} | {{default}} | {{description}} |',
    '{{/each}}',
  ].join('\n'),
  // Cells are escaped for Markdown below; HTML escaping would garble quotes in defaults.
  { noEscape: true },
);

/** Flattens the schema into rows: objects with their own properties become dotted paths, everything else is a leaf. */
export function valuesRows(schema: JsonSchema, values: unknown = {}, options: TableOptions = {}): ValuesRow[] {
  const rows: ValuesRow[] = [];
  const skip = new Set(options.skip ?? []);
  const walk = (node: JsonSchema, path: string[], value: unknown) => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      if (path.length === 0 && skip.has(name)) continue;
      const childPath = [...path, name];
      const childValue = isPlainObject(value) ? value[name] : undefined;
      if (child.properties && Object.keys(child.properties).length > 0) {
        walk(child, childPath, childValue);
        continue;
      }
      rows.push({
        key: childPath.join('.'),
        type: typeOf(child),
        default: childValue === undefined ? '' : `\`${JSON.stringify(childValue)}\``,
        description: describe(child),
      });
    }
  };
  walk(schema, [], values);
  return rows;
}

/** The Markdown table for a schema, with defaults taken from the chart's values. */
export function renderValuesTable(schema: JsonSchema, values: unknown = {}, options: TableOptions = {}): string {
  const rows = valuesRows(schema, values, options).map((row) => ({
    key: row.key,
    type: cell(row.type),
    default: cell(row.default),
    description: cell(row.description),
  }));
  return template({ rows });
}

function typeOf(schema: JsonSchema): string {
  if (schema.type === undefined) return schema.enum ? 'enum' : 'any';
  return Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type;
}

function describe(schema: JsonSchema): string {
  const text = (schema.description ?? '').trim();
  if (!schema.enum) return text;
  const choices = schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ');
  return `${text}${text ? ' ' : ''}One of: ${choices}.`;
}

/** Keeps a value inside one Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
