import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { TableClient } from '@azure/data-tables';
import { API, createBenchFleet, json, startBenchStack } from './bench-stack';
import { reportRowsAndExit, rowsFromOutput, type BenchRow } from './report';

const STAGES = 10;
const GROUPS = Number(process.env.BENCH_GROUPS ?? 10);

/** Counts every Table Storage call this process makes (the app and its durable host; the simulator is separate). */
export function countTableCalls(): { count: () => number } {
  let calls = 0;
  const proto = TableClient.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of [
    'createEntity',
    'upsertEntity',
    'updateEntity',
    'deleteEntity',
    'getEntity',
    'submitTransaction',
    'listEntities',
  ]) {
    const original = proto[name];
    if (!original) continue;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      calls++;
      return original.apply(this, args);
    };
  }
  return { count: () => calls };
}

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

export interface RunStatus {
  status: { state: string; startTime?: string; completedTime?: string };
  stages: {
    name: string;
    groups: { name: string; members: { clusterResourceId: string; status?: { completedTime?: string } }[] }[];
    afterStageWaitStatus?: { waitDurationInSeconds: number };
  }[];
}

interface Operation {
  clusterId: string;
  startTime: number;
  endTime: number;
}

/** The simulator's upgrade log: one entry per AKS operation, with its cluster and start/end. */
export async function operationsLog(simUrl: string): Promise<Map<string, Operation[]>> {
  const log = (await json(`${simUrl}/simulator/operations`)) as unknown;
  const entries = (Array.isArray(log) ? log : ((log as { value?: unknown[] }).value ?? [])) as {
    clusterId?: string;
    startTime?: string;
    endTime?: string;
  }[];
  const byCluster = new Map<string, Operation[]>();
  for (const entry of entries) {
    if (!entry.clusterId || !entry.startTime || !entry.endTime) continue;
    const key = entry.clusterId.toLowerCase();
    const list = byCluster.get(key) ?? [];
    list.push({ clusterId: key, startTime: Date.parse(entry.startTime), endTime: Date.parse(entry.endTime) });
    byCluster.set(key, list);
  }
  return byCluster;
}

const durationOf = (log: Map<string, Operation[]>, id: string): number =>
  (log.get(id.toLowerCase()) ?? []).reduce((sum, op) => sum + op.endTime - op.startTime, 0);

/** Sum over stages of the slowest group's summed member upgrade durations (from the simulator's log), plus waits. */
export function criticalPath(log: Map<string, Operation[]>, status: RunStatus): number {
  let total = 0;
  for (const stage of status.stages) {
    const slowest = Math.max(
      0,
      ...stage.groups.map((g) => g.members.reduce((sum, m) => sum + durationOf(log, m.clusterResourceId), 0)),
    );
    total += slowest / 1000 + (stage.afterStageWaitStatus?.waitDurationInSeconds ?? 0);
  }
  return total;
}

const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

const mean = (values: number[]): number =>
  values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * Where a member step's overhead goes, from the simulator's clock and the members' rows: detection (the AKS
 * operation ended → the member recorded Completed), hand-off (recorded → the group's next upgrade began), a group's
 * own overhead per step (its span minus its upgrades), the stage's (the stage ends with its slowest group, so this
 * adds the spread between groups), and the transitions between stages and at the run's start and end.
 */
export function stepBreakdown(log: Map<string, Operation[]>, status: RunStatus): Record<string, number> {
  const detect: number[] = [];
  const handOff: number[] = [];
  const groupPerStep: number[] = [];
  const stagePerStep: number[] = [];
  const spans: { begin: number; done: number }[] = [];
  for (const stage of status.stages) {
    let stageBegin = Infinity;
    let stageDone = -Infinity;
    let slowest = 0;
    let steps = 0;
    for (const group of stage.groups) {
      let previousDone: number | undefined;
      const ordered = group.members
        .map((m) => ({ m, ops: log.get(m.clusterResourceId.toLowerCase()) ?? [] }))
        .filter((x) => x.ops.length > 0)
        .sort((a, b) => Math.min(...a.ops.map((o) => o.startTime)) - Math.min(...b.ops.map((o) => o.startTime)));
      let groupBegin = Infinity;
      let groupDone = -Infinity;
      let busy = 0;
      for (const { m, ops } of ordered) {
        const begin = Math.min(...ops.map((o) => o.startTime));
        const end = Math.max(...ops.map((o) => o.endTime));
        const done = Date.parse(m.status?.completedTime ?? '');
        busy += ops.reduce((sum, op) => sum + op.endTime - op.startTime, 0);
        groupBegin = Math.min(groupBegin, begin);
        groupDone = Math.max(groupDone, Number.isFinite(done) ? done : end);
        if (previousDone !== undefined) handOff.push(begin - previousDone);
        if (Number.isFinite(done)) {
          detect.push(done - end);
          previousDone = done;
        } else previousDone = undefined;
      }
      if (ordered.length === 0) continue;
      groupPerStep.push((groupDone - groupBegin - busy) / ordered.length);
      stageBegin = Math.min(stageBegin, groupBegin);
      stageDone = Math.max(stageDone, groupDone);
      slowest = Math.max(slowest, busy);
      steps = Math.max(steps, ordered.length);
    }
    if (steps === 0) continue;
    stagePerStep.push((stageDone - stageBegin - slowest) / steps);
    spans.push({ begin: stageBegin, done: stageDone });
  }
  const transitions = spans.slice(1).map((span, i) => span.begin - (spans[i]?.done ?? span.begin));
  const runStart = Date.parse(status.status.startTime ?? '');
  const runDone = Date.parse(status.status.completedTime ?? '');
  return {
    'detection p50 (op end→member Completed)': percentile(detect, 50),
    'detection p95': percentile(detect, 95),
    'detection mean': mean(detect),
    'hand-off p50 (member Completed→next op begins)': percentile(handOff, 50),
    'hand-off p95': percentile(handOff, 95),
    'hand-off mean': mean(handOff),
    'group overhead per step (group span − its upgrades)': mean(groupPerStep),
    'stage overhead per step (stage span − slowest group)': mean(stagePerStep),
    'stage transition mean (stage done→next stage first op)': mean(transitions),
    'run start→first op': spans[0] ? spans[0].begin - runStart : 0,
    'last member done→run completed': spans.length > 0 ? runDone - (spans[spans.length - 1]?.done ?? runDone) : 0,
  };
}

if (require.main === module) reportRowsAndExit(runScenario(Number(process.argv[2] ?? 0)));
