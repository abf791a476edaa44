import { monitorEventLoopDelay } from 'node:perf_hooks';
import { z } from 'zod';
import { API, createBenchFleet, json, startBenchStack } from './bench-stack';
import { offerLoad, type LoadModel, type LoadResult } from './load-tools';
import type { BenchRow } from './report';

/** The shape: 10 stages x 10 groups x 10 members, as `npm run bench -- run` uses. */
const STAGES = 10;
const GROUPS = 10;
const PER_GROUP = Number(process.env.BENCH_API_MEMBERS ?? 1000) / (STAGES * GROUPS);
/** Long enough that the run executes through the whole measurement (about 10 x 10 x 2 s = 200 s in all). */
const UPGRADE_SECONDS = Number(process.env.BENCH_API_UPGRADE_SECONDS ?? 2);
const RATES = (process.env.BENCH_API_RATES ?? '50,200').split(',').map(Number);
/**
 * `identity`: the client takes the document as it is (about 270 KiB, what autocannon sends by default); `gzip`: it
 * sends `Accept-Encoding: gzip`, as browsers and the Azure SDKs do, and gets it compressed (about 30 KiB).
 */
const ENCODINGS = (process.env.BENCH_API_ENCODINGS ?? 'identity,gzip').split(',');
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
/** `steady` (open-model arrivals, judged) and `burst` (autocannon's per-second bursts): load-tools.ts. */
const MODELS = (process.env.BENCH_API_MODELS ?? 'steady,burst').split(',') as LoadModel[];
const WARMUP_SECONDS = 2;
const GOAL = { rate: 200, p99Ms: 50 };

/**
 * GET of a 1,000-member update run while it executes, at fixed rates: p50, p99 and errors per rate and load model
 * (load-tools.ts); goal p99 <= 50 ms at 200 requests/s arriving steadily. The same rates as autocannon's bursts are
 * shown beside them, and both again once the run is stopped (what the API path costs with the engine idle).
 */
export async function benchApiLoad(): Promise<BenchRow[]> {
  const stack = await startBenchStack({ pollHints: true });
  try {
    await createBenchFleet(stack, {
      stages: STAGES,
      groups: GROUPS,
      perGroup: PER_GROUP,
      upgradeSeconds: UPGRADE_SECONDS,
    });
    const runUrl = `${stack.fleetUrl}/updateRuns/run?${API}`;
    await json(`${stack.fleetUrl}/updateRuns/run/start?${API}`, 'POST');
    await untilMembersRunning(runUrl);
    const before = await progressOf(runUrl);
    await offerLoad('steady', runUrl, { rate: RATES[0] ?? 50, seconds: WARMUP_SECONDS, encoding: 'identity' });
    const rows: BenchRow[] = [];
    for (const model of MODELS) {
      for (const encoding of ENCODINGS) {
        for (const rate of RATES) rows.push(...(await measure(runUrl, { label: 'GET run', model, rate, encoding })));
      }
    }
    const after = await progressOf(runUrl);
    const scenario = 'run executing';
    rows.push(
      {
        scenario,
        metric: 'members finished during the measurement',
        value: after.finished - before.finished,
        unit: '',
      },
      { scenario, metric: 'run still executing at the end', value: after.executing ? 1 : 0, unit: after.state },
      { scenario, metric: 'response size (uncompressed)', value: after.bytes / 1024, unit: 'KiB' },
    );
    // The same reads with the engine idle: what the API path costs on its own.
    await json(`${stack.fleetUrl}/updateRuns/run/stop?${API}`, 'POST');
    await untilState(runUrl, 'Stopped');
    for (const model of MODELS) {
      for (const encoding of ENCODINGS) {
        rows.push(...(await measure(runUrl, { label: 'GET stopped run', model, rate: GOAL.rate, encoding })));
      }
    }
    return rows;
  } finally {
    await stack.stop();
  }
}

/** One load window: the load tool's figures and how long the app's event loop (in this process) was held up. */
async function measure(
  runUrl: string,
  options: { label: string; model: LoadModel; rate: number; encoding: string },
): Promise<BenchRow[]> {
  const { label, model, rate, encoding } = options;
  const scenario = `${label}, ${model} ${rate}/s, ${encoding}`;
  console.error(`api bench: ${scenario} for ${SECONDS} s at ${process.uptime().toFixed(1)} s`);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const result = await offerLoad(model, runUrl, { rate, seconds: SECONDS, encoding });
  delay.disable();
  const judged = label === 'GET run' && model === 'steady' && rate === GOAL.rate;
  return [
    ...toRows(scenario, judged, result),
    { scenario, metric: 'app event-loop delay p99', value: delay.percentile(99) / 1e6, unit: 'ms' },
  ];
}

function toRows(scenario: string, judged: boolean, result: LoadResult): BenchRow[] {
  return [
    { scenario, metric: 'achieved rate', value: result.achievedRate, unit: 'requests/s' },
    { scenario, metric: 'latency p50', value: result.p50, unit: 'ms' },
    {
      scenario,
      metric: 'latency p99',
      value: result.p99,
      unit: 'ms',
      ...(judged ? { goal: `<= ${GOAL.p99Ms}`, pass: result.p99 <= GOAL.p99Ms } : {}),
    },
    { scenario, metric: 'latency max', value: result.max, unit: 'ms' },
    {
      scenario,
      metric: 'errors (socket, timeouts, non-2xx)',
      value: result.errors,
      unit: 'requests',
      goal: '0',
      pass: result.errors === 0,
    },
  ];
}

interface RunProgress {
  state: string;
  executing: boolean;
  finished: number;
  running: number;
  bytes: number;
}

async function progressOf(runUrl: string): Promise<RunProgress> {
  const response = await fetch(runUrl);
  const text = await response.text();
  const run = RunSchema.parse(JSON.parse(text));
  const members = run.properties.status.stages.flatMap((s) => s.groups.flatMap((g) => g.members));
  const state = run.properties.status.status.state;
  return {
    state,
    executing: state === 'Running' || state === 'Pending',
    finished: members.filter((m) => m.status.state === 'Completed').length,
    running: members.filter((m) => m.status.state === 'Running').length,
    bytes: Buffer.byteLength(text),
  };
}

const StatusSchema = z.object({ state: z.string() });
const RunSchema = z.object({
  properties: z.object({
    status: z.object({
      status: StatusSchema,
      stages: z.array(
        z.object({ groups: z.array(z.object({ members: z.array(z.object({ status: StatusSchema })) })) }),
      ),
    }),
  }),
});

/** Waits (up to 60 s) until the run shows `state`. */
async function untilState(runUrl: string, state: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await progressOf(runUrl)).state === state) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The update run did not reach ${state} within 60 s`);
}

/** Waits until the run executes: Running, with member upgrades in flight. */
async function untilMembersRunning(runUrl: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const progress = await progressOf(runUrl);
    if (progress.executing && progress.running > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The update run did not start executing within 60 s');
}
