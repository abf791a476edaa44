import { performance } from 'node:perf_hooks';
import { API, json, startBenchStack } from './bench-stack';
import type { BenchRow } from './report';
import { criticalPath, operationsLog, percentile, stepBreakdown, type RunStatus } from './run-analysis';
import { progress, runStateOf, sampleStackRss, seedFleet, sleep } from './scale-stack';

const STAGES = 5;
const GROUPS = 50;
const UPGRADE_SECONDS = 2;
/** How often the bench reads the run's whole status while it runs, as run.bench does (a dashboard). */
const STATUS_SECONDS = Number(process.env.BENCH_STATUS_SECONDS ?? 1);
const RSS_GOAL_MIB = 1024;
/** Where the 1,000-member figure of table calls per member comes from (see scale.bench.ts). */
export const CALLS_METRIC = 'table calls per member (incl. status polling)';

/**
 * Staged at scale: 5 stages x 50 groups x `members / 250` members (40 at 10,000), ControlPlaneOnly upgrades of 2 s with
 * Retry-After hints (run.bench's defaults). Measures wall time ÷ critical path (run.bench's computation), table calls
 * per member (run.bench's counter, reading the status every second as it does) and the whole stack's peak RSS.
 */
export async function staged(members: number, timeoutSeconds: number): Promise<BenchRow[]> {
  const perGroup = Math.max(1, Math.floor(members / (STAGES * GROUPS)));
  const total = STAGES * GROUPS * perGroup;
  const scenario = `staged ${STAGES}x${GROUPS}x${perGroup} (${total} members), ${UPGRADE_SECONDS} s upgrades, hints`;
  // The devhost runs in a process of its own, as npm start runs it: the stack's memory is not this client's.
  const stack = await startBenchStack({ pollHints: true, devhostChild: true });
  const tableCalls = (): Promise<number> => stack.tableCalls?.() ?? Promise.resolve(NaN);
  const rss = sampleStackRss('client');
  const rows: BenchRow[] = [];
  const row = (metric: string, value: number, unit: string, goal?: string, pass?: boolean): void => {
    rows.push({ scenario, metric, value, unit, ...(goal === undefined ? {} : { goal, pass: pass ?? false }) });
  };
  try {
    await seedFleet(stack, {
      count: total,
      tags: { 'sim-control-plane-seconds': String(UPGRADE_SECONDS) },
      groupOf: (i) => `g${Math.floor(i / perGroup)}`,
    });
    const strategy = {
      stages: Array.from({ length: STAGES }, (_, s) => ({
        name: `stage${s}`,
        groups: Array.from({ length: GROUPS }, (_, g) => ({ name: `g${s * GROUPS + g}` })),
      })),
    };
    const runUrl = `${stack.fleetUrl}/updateRuns/staged`;
    await json(`${runUrl}?${API}`, 'PUT', {
      properties: {
        strategy,
        managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.6' } },
      },
    });
    global.gc?.();
    const callsBefore = await tableCalls();
    const t0 = performance.now();
    const deadline = t0 + timeoutSeconds * 1000;
    await json(`${runUrl}/start?${API}`, 'POST');
    let run: Record<string, unknown> = {};
    const reads: number[] = [];
    let lastLog = t0;
    for (;;) {
      await sleep(STATUS_SECONDS * 1000);
      const readStart = performance.now();
      run = await json(`${runUrl}?${API}`);
      reads.push(performance.now() - readStart);
      const { state } = runStateOf(run);
      if (['Completed', 'Failed', 'Stopped'].includes(state) || performance.now() > deadline) break;
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        progress(`staged: ${finished(run)} of ${total} members finished, run ${state}`);
      }
    }
    const calls = (await tableCalls()) - callsBefore;
    const elapsed = (performance.now() - t0) / 1000;
    const status = (run as RunDoc).properties?.status as RunStatus;
    const ok = status.status.state === 'Completed';
    const done = finished(run);
    const partial = ok ? '' : ' (timed out: of the members finished)';
    row('final state', ok ? 1 : 0, ok ? 'Completed' : `${status.status.state} after ${elapsed.toFixed(0)} s`);
    row('members finished', done, `of ${total}`);
    const wall = ok
      ? (Date.parse(status.status.completedTime ?? '') - Date.parse(status.status.startTime ?? '')) / 1000
      : elapsed;
    // From the simulator's log of the upgrades done: after a timeout, the critical path of what was finished.
    const log = await operationsLog(stack.simUrl);
    const lowerBound = criticalPath(log, status);
    const steps = ok ? STAGES * perGroup : Math.max(1, Math.round(lowerBound / UPGRADE_SECONDS));
    row(ok ? 'wall time (run start→completed)' : 'wall time so far', wall, 's');
    row(`critical-path lower bound${partial}`, lowerBound, 's');
    row(`wall / lower bound${partial}`, wall / lowerBound, 'x', '<= 1.05', ok && wall / lowerBound <= 1.05);
    row(`overhead per member step${partial}`, ((wall - lowerBound) / steps) * 1000, 'ms');
    row(CALLS_METRIC, calls / Math.max(1, done), ok ? 'calls' : 'calls per member finished (timed out)');
    for (const [metric, value] of Object.entries(stepBreakdown(log, status))) row(metric, value, 'ms');
    row('status reads (GET run) during the run', reads.length, 'reads');
    row('status read p50', percentile(reads, 50), 'ms');
    row('status read max', Math.max(0, ...reads), 'ms');
    const peak = rss.peak() / 2 ** 20;
    row(
      'peak RSS of the stack (devhost, Azurite x2, simulator)',
      peak,
      'MiB',
      `<= ${RSS_GOAL_MIB}`,
      peak <= RSS_GOAL_MIB,
    );
    for (const [process, bytes] of rss.atPeak()) row(`RSS at the peak: ${process}`, bytes / 2 ** 20, 'MiB');
  } finally {
    rss.stop();
    await stack.stop();
  }
  return rows;
}

type RunDoc = {
  properties?: { status?: { stages?: { groups?: { members?: { status?: { state?: string } }[] }[] }[] } };
};

function finished(run: RunDoc): number {
  let n = 0;
  for (const stage of run.properties?.status?.stages ?? []) {
    for (const group of stage.groups ?? []) {
      for (const member of group.members ?? []) {
        if (['Completed', 'Skipped', 'Failed'].includes(member.status?.state ?? '')) n++;
      }
    }
  }
  return n;
}
