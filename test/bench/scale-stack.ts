import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { API, json, pool, RG, SUB, type BenchStack } from './bench-stack';

/** Published in East US, older than the region's newest Ubuntu image: a NodeImageOnly run has something to do. */
const OLD_UBUNTU_IMAGE = 'AKSUbuntu-2204gen2containerd-202510.19.0';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Progress lines go to stderr, so stdout stays the report. */
export const progress = (line: string): void => void process.stderr.write(`[bench scale] ${line}\n`);

export const memberName = (i: number): string => `m${String(i).padStart(5, '0')}`;
export const clusterIdOf = (name: string): string =>
  `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}`;

export interface SeedOptions {
  count: number;
  /** Tags of every cluster (the simulator's `sim-*` durations). */
  tags: Record<string, string>;
  /** The member's update group, none when undefined. */
  groupOf?: (index: number) => string | undefined;
}

/** How long seeding took, in seconds: the clusters in the simulator, then the fleet and its members in the app. */
export interface SeedTimes {
  clusterSeconds: number;
  memberSeconds: number;
}

/**
 * Creates `count` clusters (one pool of one node on an older Ubuntu image, Kubernetes 1.31.8) with raw ARM PUTs, 50
 * in flight (a create is instant in the simulator; the SDK would add an LRO round trip), then the fleet and one member
 * per cluster through the app's ARM API, 32 in flight.
 */
export async function seedFleet(stack: BenchStack, options: SeedOptions): Promise<SeedTimes> {
  const names = Array.from({ length: options.count }, (_, i) => memberName(i));
  const t0 = performance.now();
  await pool(names, 50, (name) =>
    json(`${stack.simUrl}${clusterIdOf(name)}?api-version=2025-02-01`, 'PUT', {
      location: 'eastus',
      tags: options.tags,
      properties: {
        kubernetesVersion: '1.31.8',
        dnsPrefix: name,
        agentPoolProfiles: [
          { name: 'system', count: 1, mode: 'System', vmSize: 'Standard_D2s_v5', nodeImageVersion: OLD_UBUNTU_IMAGE },
        ],
      },
    }),
  );
  const t1 = performance.now();
  progress(`${options.count} clusters in ${((t1 - t0) / 1000).toFixed(1)} s`);
  await json(`${stack.fleetUrl}?${API}`, 'PUT', { location: 'eastus' });
  await pool(
    names.map((name, i) => ({ name, group: options.groupOf?.(i) })),
    32,
    ({ name, group }) =>
      json(`${stack.fleetUrl}/members/${name}?${API}`, 'PUT', {
        properties: { clusterResourceId: clusterIdOf(name), ...(group === undefined ? {} : { group }) },
      }),
  );
  const t2 = performance.now();
  progress(`${options.count} members in ${((t2 - t1) / 1000).toFixed(1)} s`);
  return { clusterSeconds: (t1 - t0) / 1000, memberSeconds: (t2 - t1) / 1000 };
}

/** This process and every process it started, however deep (Azurite, the simulator): pid → its parent. */
function stackPids(): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const stack = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!stack.has(pid) && stack.has(ppid)) {
        stack.add(pid);
        grew = true;
      }
    }
  }
  return [...stack];
}

/** The stack's processes by a script they run (a devhost child also preloads the bench's table-call counter). */
const KNOWN_PROCESSES: [string, RegExp][] = [
  ['Azurite', /azurite/],
  ['devhost (the app)', /devhost\/src\/cli\.js$/],
  ['simulator', /simulator\/src\/cli\.js$/],
];

/** What a process of the stack is, for the breakdown: the script node runs (azurite, simulator, bench…). */
function labelOf(pid: number): string {
  if (pid === process.pid) return 'bench + devhost';
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const known = KNOWN_PROCESSES.find(([, pattern]) => args.some((arg) => pattern.test(arg)));
    if (known) return known[0];
    const script = args.find((arg) => /\.(c?js|ts)$/.test(arg)) ?? args[0] ?? '?';
    return script.split('/').slice(-2).join('/');
  } catch {
    return '?';
  }
}

/** Whether this process hosts the devhost (part of the stack) or is only the bench's client (devhostChild). */
export type BenchProcess = 'stack' | 'client';

/**
 * Resident memory of the stack in bytes, in all and by process (Reads /proc; elsewhere only this process's RSS).
 * A bench process that is only the client is shown in the breakdown but not counted in the total.
 */
export function stackRss(bench: BenchProcess = 'stack'): { total: number; byProcess: Map<string, number> } {
  let pids: number[];
  try {
    pids = stackPids();
  } catch {
    const rss = process.memoryUsage().rss;
    return { total: rss, byProcess: new Map([['bench + devhost', rss]]) };
  }
  const byProcess = new Map<string, number>();
  let total = 0;
  for (const pid of pids) {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      const bytes = Number(kb ?? 0) * 1024;
      const client = pid === process.pid && bench === 'client';
      if (!client) total += bytes;
      const label = client ? 'bench client (not counted)' : labelOf(pid);
      byProcess.set(label, (byProcess.get(label) ?? 0) + bytes);
    } catch {
      // Ended while we looked.
    }
  }
  return { total, byProcess };
}

/** Samples stackRss every `ms` until stopped; `peak()` is the highest total (bytes), `atPeak()` its breakdown. */
export function sampleStackRss(
  bench: BenchProcess = 'stack',
  ms = 1000,
): { peak(): number; atPeak(): Map<string, number>; stop(): void } {
  let peak = stackRss(bench);
  const timer = setInterval(() => {
    const now = stackRss(bench);
    if (now.total > peak.total) peak = now;
  }, ms);
  timer.unref();
  return { peak: () => peak.total, atPeak: () => peak.byProcess, stop: () => clearInterval(timer) };
}

/** The run's state as its GET shows it. */
export interface RunState {
  state: string;
  startTime?: string;
  completedTime?: string;
}

export function runStateOf(run: Record<string, unknown>): RunState {
  const status = (run.properties as { status?: { status?: RunState } } | undefined)?.status?.status;
  return status ?? { state: '' };
}
