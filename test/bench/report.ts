/** One benchmark result row: a metric, its value, its unit, and the goal it is judged against. */
export interface BenchRow {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  goal?: string;
  pass?: boolean;
}

/** Prints the rows as a table, then as one JSON document (for tools). */
export function printReport(name: string, rows: BenchRow[], extra: Record<string, unknown> = {}): void {
  const table = rows.map((row) => ({
    scenario: row.scenario,
    metric: row.metric,
    value: Number.isInteger(row.value) ? row.value : Number(row.value.toFixed(2)),
    unit: row.unit,
    goal: row.goal ?? '',
    pass: row.pass === undefined ? '' : row.pass ? 'yes' : 'NO',
  }));
  console.log(`\n== bench: ${name} ==`);
  console.table(table);
  console.log(JSON.stringify({ bench: name, rows, ...extra }, null, 2));
}
