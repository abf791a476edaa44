/**
 * az's `--output table` and `--output tsv`, for results without a table transformer (the fleet extension has none):
 * a column per scalar field of each object, `id`, `type` and `etag` left out, headers capitalized; columns as
 * tabulate's "simple" layout, a dashed rule under the headers, two spaces between columns.
 */
const SKIPPED_KEYS = new Set(['id', 'type', 'etag']);

type Row = Map<string, string>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A value as Python's str() prints it, which is what az's tables show. */
function text(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

/** Keys sorted unless a `--query` chose them (then in the query's order), as az does. */
function rowOf(item: unknown, sortKeys: boolean): Row {
  const row: Row = new Map();
  if (isObject(item)) {
    const keys = sortKeys ? Object.keys(item).sort() : Object.keys(item);
    for (const key of keys) {
      const value = item[key];
      if (SKIPPED_KEYS.has(key) || value === null || value === undefined || typeof value === 'object') continue;
      row.set(key.charAt(0).toUpperCase() + key.slice(1), text(value));
    }
  } else if (Array.isArray(item)) {
    item.forEach((value, index) => row.set(`Column${index + 1}`, text(value)));
  } else {
    row.set('Result', text(item));
  }
  return row;
}

export function formatTable(result: unknown, sortKeys: boolean): string {
  const rows = (Array.isArray(result) ? result : [result]).map((item) => rowOf(item, sortKeys));
  const headers: string[] = [];
  for (const row of rows) for (const key of row.keys()) if (!headers.includes(key)) headers.push(key);
  if (headers.length === 0) return '';
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((row) => (row.get(h) ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const body = rows.map((row) => line(headers.map((h) => row.get(h) ?? '')));
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...body].join('\n') + '\n';
}

/** One line per item; an object's values in key order, a nested object as nothing, a list as its length. */
export function formatTsv(result: unknown): string {
  const cell = (value: unknown): string => {
    if (Array.isArray(value)) return String(value.length);
    if (isObject(value) || value === null || value === undefined) return '';
    return typeof value === 'boolean' ? String(value) : text(value);
  };
  const row = (item: unknown): string => {
    if (isObject(item)) {
      return Object.keys(item)
        .sort()
        .map((k) => cell(item[k]))
        .join('\t');
    }
    return Array.isArray(item) ? item.map(cell).join('\t') : cell(item);
  };
  return (Array.isArray(result) ? result : [result]).map((item) => `${row(item)}\n`).join('');
}
