import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { reportRowsAndExit, rowsFromOutput, type BenchRow } from './report';
import { benchRun } from './run.bench';
import { oneByOne } from './scale-one-by-one';
import { CALLS_METRIC, staged } from './scale-staged';

/** Members per scenario (one-by-one: all in one group; staged: 5 x 50 groups of MEMBERS / 250). */
const MEMBERS = Number(process.env.BENCH_SCALE_MEMBERS ?? 10_000);
/** Each scenario's run is given this long before it is stopped and its partial numbers reported. */
const TIMEOUT_SECONDS = Number(process.env.BENCH_SCALE_TIMEOUT_SECONDS ?? 900);
/**
 * Start-up, seeding (allowed 0.25 s a member: clusters and members are created at well over 4/s) and the stop come on
 * top of the timeout; past this a scenario's process is killed and reported as not finished.
 */
const WATCHDOG_SECONDS =
  TIMEOUT_SECONDS + 300 + 0.25 * MEMBERS + Number(process.env.BENCH_SCALE_STOP_TIMEOUT_SECONDS ?? 120);
const SCENARIOS = (process.env.BENCH_SCALE_SCENARIOS ?? 'one-by-one,staged,api').split(',').map((s) => s.trim());
const CALLS_GOAL = 1.2;

const CHILD_SCENARIOS: Record<string, (members: number, timeoutSeconds: number) => Promise<BenchRow[]>> = {
  'one-by-one': oneByOne,
  staged,
};

/**
 * `npm run bench -- scale`: 10,000 simulated clusters and members, one-by-one (one group of every member) and staged
 * (5 x 50 x 40), each scenario in a process of its own with a fresh stack; then the API-under-load rows.
 *
 * Environment: BENCH_SCALE_MEMBERS (default 10000), BENCH_SCALE_TIMEOUT_SECONDS (default 900: each scenario's run is
 * then stopped and its partial numbers reported; one-by-one at 0.25 s polls needs about N x 0.3 s to reach its end),
 * BENCH_SCALE_STOP_TIMEOUT_SECONDS (default 120), BENCH_SCALE_SCENARIOS (default `one-by-one,staged,api`),
 * BENCH_SCALE_POLL_HINTS=1 (one-by-one with Retry-After hints), BENCH_SCALE_BASELINE_CALLS (the 1,000-member table
 * calls per member to compare with; `skip`; unset runs run.bench's 2 s scenario for it, about four minutes).
 */
export async function benchScale(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const name of SCENARIOS) {
    if (name === 'api') rows.push(...(await apiRows()));
    else if (name in CHILD_SCENARIOS) {
      const scenarioRows = await inChildProcess(name);
      rows.push(...scenarioRows);
      if (name === 'staged') rows.push(...(await compareCalls(scenarioRows)));
    } else throw new Error(`Unknown scale scenario '${name}'. Known: ${Object.keys(CHILD_SCENARIOS).join(', ')}, api`);
  }
  return rows;
}

/** Runs one scenario in a child process; a crash or a hang becomes a failed row, not a failed bench. */
function inChildProcess(name: string): Promise<BenchRow[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename, name], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const watchdog = setTimeout(() => child.kill('SIGKILL'), WATCHDOG_SECONDS * 1000);
    const failed = (why: string): BenchRow[] => [
      { scenario: name, metric: 'scenario did not finish', value: 0, unit: why, goal: 'finishes', pass: false },
    ];
    child.once('error', (error) => resolve(failed(String(error))));
    child.once('exit', (code, signal) => {
      clearTimeout(watchdog);
      const rows = rowsFromOutput(out);
      if (rows) resolve(rows);
      else resolve(failed(signal ? `killed (${signal}) after ${WATCHDOG_SECONDS} s` : `exited ${code}`));
    });
  });
}

/**
 * Table calls per member at 10,000 against the 1,000-member figure of run.bench (10 x 10 x 10, 2 s upgrades, counted the
 * same way): BENCH_SCALE_BASELINE_CALLS gives the figure, `skip` skips the comparison, unset runs that scenario
 * (about four minutes).
 */
async function compareCalls(stagedRows: BenchRow[]): Promise<BenchRow[]> {
  const scaled = stagedRows.find((r) => r.metric === CALLS_METRIC);
  const given = process.env.BENCH_SCALE_BASELINE_CALLS;
  if (!scaled || given === 'skip') return [];
  let baseline = Number(given);
  let source = 'BENCH_SCALE_BASELINE_CALLS';
  if (given === undefined || given === '') {
    const saved = { ...process.env };
    Object.assign(process.env, { BENCH_UPGRADE_SECONDS: '2', BENCH_MEMBERS: '1000', BENCH_GROUPS: '10' });
    try {
      const runRows = await benchRun();
      baseline = runRows.find((r) => r.metric === CALLS_METRIC)?.value ?? NaN;
      source = runRows[0]?.scenario ?? 'run.bench';
    } catch (error) {
      return [{ scenario: 'run.bench baseline', metric: 'failed', value: 0, unit: String(error), pass: false }];
    } finally {
      for (const key of ['BENCH_UPGRADE_SECONDS', 'BENCH_MEMBERS', 'BENCH_GROUPS']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  }
  const ratio = scaled.value / baseline;
  return [
    { scenario: `1,000 members: ${source}`, metric: CALLS_METRIC, value: baseline, unit: 'calls' },
    {
      scenario: scaled.scenario,
      metric: 'table calls per member ÷ the 1,000-member figure',
      value: ratio,
      unit: 'x',
      goal: `<= ${CALLS_GOAL}`,
      pass: ratio <= CALLS_GOAL,
    },
  ];
}

/** The rows of `npm run bench -- api` (test/bench/api-load.bench.ts) when that bench exists, else a TODO row. */
async function apiRows(): Promise<BenchRow[]> {
  const file = path.join(__dirname, 'api-load.bench.js');
  const bench = existsSync(file)
    ? (createRequire(__filename)(file) as { benchApiLoad?: unknown }).benchApiLoad
    : undefined;
  if (typeof bench !== 'function') {
    return [
      {
        scenario: 'API under load',
        metric: 'TODO: not wired here yet, see npm run bench -- api',
        value: 0,
        unit: '',
        goal: 'p99 <= 50 ms at 200 requests/s',
        pass: false,
      },
    ];
  }
  const rows = await (bench as () => Promise<BenchRow[]>)();
  return rows.map((row) => ({ ...row, scenario: `API under load: ${row.scenario}` }));
}

if (require.main === module) {
  const name = process.argv[2] ?? '';
  const scenario = CHILD_SCENARIOS[name];
  if (!scenario) throw new Error(`Unknown scale scenario '${name}'`);
  reportRowsAndExit(scenario(MEMBERS, TIMEOUT_SECONDS));
}
