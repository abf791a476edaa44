import { json } from './bench-stack';

// What the run benches read from a finished run: the simulator's operations log, the critical path, and where a
// member step's overhead goes (the app's Table Storage calls are counted by table-calls.ts).

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

export const percentile = (values: number[], p: number): number => {
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
