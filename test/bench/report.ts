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

/** How a scenario's child process hands its rows to the parent: one stdout line starting with this. */
export const ROWS_MARK = 'BENCH_ROWS ';

/** A scenario child's end: its rows on one marked line and exit 0, or the error and exit 1. */
export function reportRowsAndExit(rows: Promise<BenchRow[]>): void {
  rows.then(
    (result) => {
      console.log(ROWS_MARK + JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** The rows a scenario child printed (see reportRowsAndExit), or undefined when it printed none. */
export function rowsFromOutput(out: string): BenchRow[] | undefined {
  const line = out.split('\n').find((l) => l.startsWith(ROWS_MARK));
  return line ? (JSON.parse(line.slice(ROWS_MARK.length)) as BenchRow[]) : undefined;
}
