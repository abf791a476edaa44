import { search } from 'jmespath';
import { stringify as toYaml } from 'yaml';
import { UsageError } from '../errors';
import { formatTable, formatTsv } from './table';

export const OUTPUT_FORMATS = ['json', 'jsonc', 'table', 'tsv', 'yaml', 'none'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface OutputOptions {
  output: OutputFormat;
  query?: string | undefined;
}

/** Objects with their keys in alphabetical order, as az's JSON and YAML print them. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, sortKeys(record[key])]),
  );
}

const COLOR = { key: '\u001b[94m', string: '\u001b[32m', literal: '\u001b[36m', reset: '\u001b[0m' };

/** az's jsonc: its JSON with keys, strings and literals coloured. */
function colorize(json: string): string {
  return json.replace(
    /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
    (match, str: string | undefined, colon: string | undefined) => {
      if (str !== undefined) return `${colon ? COLOR.key : COLOR.string}${str}${COLOR.reset}${colon ?? ''}`;
      return `${COLOR.literal}${match}${COLOR.reset}`;
    },
  );
}

/** az adds `resourceGroup` (from `id`) to every resource it prints, before `--query` sees it. */
function withResourceGroup(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withResourceGroup);
  if (value === null || typeof value !== 'object') return value;
  const resource = value as Record<string, unknown>;
  const group = typeof resource.id === 'string' ? /\/resourceGroups\/([^/]+)/i.exec(resource.id)?.[1] : undefined;
  return group === undefined || 'resourceGroup' in resource
    ? resource
    : { ...resource, resourceGroup: decodeURIComponent(group) };
}

/** Applies `--query` (JMESPath over the result's JSON). */
export function applyQuery(result: unknown, query: string | undefined): unknown {
  if (query === undefined || result === undefined) return result;
  const json: unknown = JSON.parse(JSON.stringify(result));
  try {
    return search(json, query) as unknown;
  } catch (error) {
    throw new UsageError(`argument --query: invalid jmespath_type value: '${query}' (${(error as Error).message})`);
  }
}

/** The text a command's result prints as, or '' for nothing (no result, or `--output none`). */
export function render(result: unknown, options: OutputOptions): string {
  const value = applyQuery(withResourceGroup(result), options.query);
  if (value === undefined || value === null || options.output === 'none') return '';
  switch (options.output) {
    case 'json':
      return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
    case 'jsonc':
      return `${colorize(JSON.stringify(sortKeys(value), null, 2))}\n`;
    case 'yaml':
      return toYaml(sortKeys(value));
    case 'table':
      return formatTable(value, options.query === undefined);
    case 'tsv':
      return formatTsv(value);
  }
}
