/** A Table string property holds at most 32K characters: larger JSON is split across columns `json0…jsonN`. */
const CHUNK = 30_000;

/** Columns holding `value` as JSON, split into chunks. */
export function packJson(value: unknown): Record<string, string | number> {
  const text = JSON.stringify(value);
  const columns: Record<string, string | number> = { chunks: Math.max(1, Math.ceil(text.length / CHUNK)) };
  for (let i = 0; i * CHUNK < text.length || i === 0; i++) columns[`json${i}`] = text.slice(i * CHUNK, (i + 1) * CHUNK);
  return columns;
}

/** The JSON value packJson stored (rows written before chunking have a single `json` column). */
export function unpackJson(columns: Record<string, unknown>): unknown {
  if (typeof columns.chunks !== 'number') return JSON.parse(String(columns.json));
  let text = '';
  for (let i = 0; i < columns.chunks; i++) {
    const chunk = columns[`json${i}`];
    text += typeof chunk === 'string' ? chunk : '';
  }
  return JSON.parse(text);
}
