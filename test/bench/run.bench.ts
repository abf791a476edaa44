import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { API, createBenchFleet, json, startBenchStack } from './bench-stack';
import { reportRowsAndExit, rowsFromOutput, type BenchRow } from './report';
import { countTableCalls } from './table-calls';
import { criticalPath, operationsLog, percentile, stepBreakdown, type RunStatus } from './run-analysis';

const STAGES = 10;
const GROUPS = Number(process.env.BENCH_GROUPS ?? 10);

/**
 * The simulator tells each in-flight operation's remaining time (`retry-after-ms`) unless BENCH_POLL_HINTS=0; without
 * hints the app polls every BENCH_POLL_SECONDS (default 0.025), the way it must poll a service that does not tell.
 */
const HINTS = process.env.BENCH_POLL_HINTS !== '0';
const POLL_SECONDS = process.env.BENCH_POLL_SECONDS ?? (HINTS ? undefined : '0.025');
/** How often the bench reads the run's status while it runs (as a dashboard would). */
const STATUS_SECONDS = Number(process.env.BENCH_STATUS_SECONDS ?? 1);

interface Scenario {
  name: string;
  upgradeSeconds: number;
}

/**
 * 1,000 members in 10 stages x 10 groups x 10 members, ControlPlaneOnly upgrades on the simulator (a child process),
 * the app on an in-process devhost. Measures wall time against the critical-path lower bound, overhead per member
 * step, Table Storage calls per member and peak memory. Each scenario runs in a process of its own, with its own
 * Azurite, simulator and devhost: one scenario's leftovers (and the emulator's slower scans of bigger tables) do not
 * weigh on the next, and peak memory is the scenario's.
 */
export async function benchRun(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const seconds of (process.env.BENCH_UPGRADE_SECONDS ?? '0,2').split(',')) {
    rows.push(...(await inChildProcess(Number(seconds))));
  }
  return rows;
}

function inChildProcess(upgradeSeconds: number): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, String(upgradeSeconds)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const rows = rowsFromOutput(out);
      if (code !== 0 || !rows) reject(new Error(`bench scenario (${upgradeSeconds} s upgrades) exited ${code}`));
      else resolve(rows);
    });
  });
}

/** One scenario, in this process: a fresh Azurite, simulator and devhost. */
async function runScenario(upgradeSeconds: number): Promise<BenchRow[]> {
  const members = Number(process.env.BENCH_MEMBERS ?? 1000);
  const perGroup = Math.max(1, Math.floor(members / (STAGES * GROUPS)));
  const polling = HINTS ? 'Retry-After hints' : `${POLL_SECONDS} s polls`;
  const scenario: Scenario = {
    name: `${STAGES}x${GROUPS}x${perGroup}, ${upgradeSeconds}s upgrades, ${polling}`,
    upgradeSeconds,
  };
  const counter = countTableCalls();
  const stack = await startBenchStack({ pollHints: HINTS, ...(POLL_SECONDS ? { pollSeconds: POLL_SECONDS } : {}) });
  const { simUrl } = stack;
  const rows: BenchRow[] = [];
  try {
    {
      const fleet = stack.fleetUrl;
      const names = await createBenchFleet(stack, {
        stages: STAGES,
        groups: GROUPS,
        perGroup,
        upgradeSeconds: scenario.upgradeSeconds,
      });
      global.gc?.();
      const callsBefore = counter.count();
      const t0 = performance.now();
      await json(`${fleet}/updateRuns/run/start?${API}`, 'POST');
      let run: Record<string, unknown> = {};
      const reads: number[] = [];
      for (;;) {
        // Read as a dashboard would, every STATUS_SECONDS; each read serves the whole 1,000-member status.
        await new Promise((resolve) => setTimeout(resolve, STATUS_SECONDS * 1000));
        const readStart = performance.now();
        run = await json(`${fleet}/updateRuns/run?${API}`);
        reads.push(performance.now() - readStart);
        const state = (run.properties as { status?: { status?: { state?: string } } }).status?.status?.state ?? '';
        if (['Completed', 'Failed', 'Stopped'].includes(state)) break;
      }
      const status = (run.properties as { status: RunStatus }).status;
      const wallSeconds =
        (Date.parse(status.status.completedTime ?? '') - Date.parse(status.status.startTime ?? '')) / 1000;
      const measuredSeconds = (performance.now() - t0) / 1000;
      const calls = counter.count() - callsBefore;
      const log = await operationsLog(simUrl);
      const lowerBound = criticalPath(log, status);
      const breakdown = stepBreakdown(log, status);
      const steps = STAGES * perGroup;
      const ok = status.status.state === 'Completed';
      rows.push({
        scenario: scenario.name,
        metric: 'final state',
        value: ok ? 1 : 0,
        unit: status.status.state,
        pass: ok,
      });
      rows.push({
        scenario: scenario.name,
        metric: 'wall time (run start→completed)',
        value: wallSeconds,
        unit: 's',
        ...(scenario.upgradeSeconds === 0 ? { goal: '< 60', pass: wallSeconds < 60 } : {}),
      });
      rows.push({ scenario: scenario.name, metric: 'critical-path lower bound', value: lowerBound, unit: 's' });
      if (scenario.upgradeSeconds > 0) {
        rows.push({
          scenario: scenario.name,
          metric: 'wall / lower bound',
          value: wallSeconds / lowerBound,
          unit: 'x',
          goal: '<= 1.05',
          pass: wallSeconds / lowerBound <= 1.05,
        });
      }
      const overheadMs = ((wallSeconds - lowerBound) / steps) * 1000;
      // With real upgrade time to overlap, this is the latency the orchestration adds to each sequential member
      // step. With instant upgrades there is nothing to overlap: every step of all groups competes for the same
      // cores, so the figure is the inverse of throughput (the < 60 s goal covers that scenario).
      rows.push({
        scenario: scenario.name,
        metric: scenario.upgradeSeconds > 0 ? 'overhead per member step' : 'time per member step (throughput-bound)',
        value: overheadMs,
        unit: 'ms',
        ...(scenario.upgradeSeconds > 0 ? { goal: '<= 50', pass: overheadMs <= 50 } : {}),
      });
      rows.push({
        scenario: scenario.name,
        metric: 'table calls per member (incl. status polling)',
        value: calls / names.length,
        unit: 'calls',
      });
      for (const [metric, value] of Object.entries(breakdown)) {
        rows.push({ scenario: scenario.name, metric, value, unit: 'ms' });
      }
      rows.push({ scenario: scenario.name, metric: 'client-observed time', value: measuredSeconds, unit: 's' });
      rows.push({
        scenario: scenario.name,
        metric: 'status read (GET run) p50',
        value: percentile(reads, 50),
        unit: 'ms',
      });
      rows.push({ scenario: scenario.name, metric: 'status read max', value: Math.max(...reads), unit: 'ms' });
    }
    rows.push({
      scenario: scenario.name,
      metric: 'peak RSS (app + devhost)',
      value: process.resourceUsage().maxRSS / 1024,
      unit: 'MiB',
    });
  } finally {
    await stack.stop();
  }
  return rows;
}

if (require.main === module) reportRowsAndExit(runScenario(Number(process.argv[2] ?? 0)));
