import { spawn } from 'node:child_process';
import { z } from 'zod';
import { ROOT } from './bench-stack';

/**
 * The two ways the API bench offers load, each a well-kept tool in a child process of its own (so the load tool
 * never shares the app's event loop):
 *
 * - `steady`: loadtest's `requestsPerSecond` sends one request every 1/rate s whether or not earlier ones have been
 *   answered (an open model, the way independent dashboards and scripts arrive). This is what "200 requests/s" means
 *   and what the goal is judged on.
 * - `burst`: autocannon's `-R`, which lets each of its connections send its share of a second's requests back to
 *   back as the second begins, then waits for the next second: with 50 connections at 200/s, 50 requests arrive at
 *   once every second and the rest as those are answered. Its p99 says how a burst of that width queues.
 */
export type LoadModel = 'steady' | 'burst';

export interface LoadOptions {
  rate: number;
  seconds: number;
  /** `identity` or `gzip` (sent as Accept-Encoding). */
  encoding: string;
}

export interface LoadResult {
  achievedRate: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

export function offerLoad(model: LoadModel, url: string, options: LoadOptions): Promise<LoadResult> {
  return model === 'steady' ? steadyLoad(url, options) : burstLoad(url, options);
}

const LoadtestResultSchema = z.object({
  effectiveRps: z.number(),
  percentiles: z.object({ '50': z.number(), '99': z.number() }),
  maxLatencyMs: z.number(),
  totalErrors: z.number(),
});

/** loadtest is an ES module: a small module script imports it and prints its result as one line of JSON. */
const LOADTEST_SCRIPT = `
import { loadTest } from 'loadtest';
const { url, rate, seconds, encoding } = JSON.parse(process.env.LOAD_OPTIONS);
const result = await loadTest({
  url,
  requestsPerSecond: rate,
  maxSeconds: seconds,
  agentKeepAlive: true,
  quiet: true,
  headers: encoding === 'identity' ? {} : { 'accept-encoding': encoding },
});
// Its keep-alive sockets and timers would hold the process open.
console.log(JSON.stringify(result));
process.exit(0);
`;

function steadyLoad(url: string, options: LoadOptions): Promise<LoadResult> {
  const env = { ...process.env, LOAD_OPTIONS: JSON.stringify({ url, ...options }) };
  return lastJsonLine(['--input-type=module', '-e', LOADTEST_SCRIPT], env, 'loadtest').then((line) => {
    const result = LoadtestResultSchema.parse(line);
    return {
      achievedRate: result.effectiveRps,
      p50: result.percentiles['50'],
      p99: result.percentiles['99'],
      max: result.maxLatencyMs,
      errors: result.totalErrors,
    };
  });
}

/** What we read of autocannon's JSON result (latencies in ms). */
const AutocannonResultSchema = z.object({
  latency: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
  requests: z.object({ total: z.number() }),
  errors: z.number(),
  timeouts: z.number(),
  non2xx: z.number(),
});

/** autocannon's CLI at `rate` requests/s with enough connections for 0.25 s responses (rate / 4, at least 8). */
function burstLoad(url: string, { rate, seconds, encoding }: LoadOptions): Promise<LoadResult> {
  const args = ['-j', '-n', '-R', String(rate), '-c', String(Math.max(8, rate / 4)), '-d', String(seconds)];
  if (encoding !== 'identity') args.push('-H', `accept-encoding=${encoding}`);
  args.push(url);
  return lastJsonLine([require.resolve('autocannon'), ...args], process.env, 'autocannon').then((line) => {
    const result = AutocannonResultSchema.parse(line);
    return {
      achievedRate: result.requests.total / seconds,
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      errors: result.errors + result.timeouts + result.non2xx,
    };
  });
}

/** Runs node with `args` (in the project root, so packages resolve) and parses the last line it prints. */
function lastJsonLine(args: string[], env: NodeJS.ProcessEnv, tool: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line) reject(new Error(`${tool} exited ${code}`));
      else resolve(JSON.parse(line) as unknown);
    });
  });
}
