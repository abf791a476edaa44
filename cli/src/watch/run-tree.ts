import { z } from 'zod';

/**
 * An update run's `properties.status` as a tree of lines: the run, its stages, their gates, groups, members and
 * after-stage waits, each with its state, elapsed time and message (a Pending member's reason, a failure).
 */
const Status = z.looseObject({
  state: z.string().optional(),
  startTime: z.string().optional(),
  completedTime: z.string().optional(),
  error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).optional(),
});
type Status = z.infer<typeof Status>;
const Gate = z.looseObject({
  displayName: z.string().optional(),
  gateId: z.string().optional(),
  status: Status.optional(),
});
const Gates = z.array(Gate).optional();
const Member = z.looseObject({ name: z.string(), status: Status.optional(), message: z.string().optional() });
const Group = z.looseObject({
  name: z.string(),
  status: Status.optional(),
  members: z.array(Member).default([]),
  beforeGates: Gates,
  afterGates: Gates,
});
const Stage = z.looseObject({
  name: z.string(),
  status: Status.optional(),
  groups: z.array(Group).default([]),
  beforeGates: Gates,
  afterGates: Gates,
  afterStageWaitStatus: z
    .looseObject({ status: Status.optional(), waitDurationInSeconds: z.number().optional() })
    .optional(),
});
const Run = z.looseObject({
  name: z.string().optional(),
  properties: z
    .looseObject({
      status: z.looseObject({ status: Status.optional(), stages: z.array(Stage).default([]) }).optional(),
    })
    .optional(),
});

/** One line of the tree; `path` names it uniquely (`stage1/group-1a/member1`), `where` names it in one line. */
export interface TreeNode {
  path: string;
  depth: number;
  label: string;
  where: string;
  state: string;
  startTime?: string | undefined;
  completedTime?: string | undefined;
  message: string;
}

const TERMINAL = ['Completed', 'Failed', 'Stopped', 'Skipped'];

/** The run's own state (`properties.status.status.state`). */
export function runStateOf(run: unknown): string | undefined {
  return Run.safeParse(run).data?.properties?.status?.status?.state;
}

export const isFinished = (state: string | undefined): boolean => TERMINAL.includes(state ?? '');

/** The run's error message, when it has one. */
export function runErrorOf(run: unknown): string | undefined {
  return Run.safeParse(run).data?.properties?.status?.status?.error?.message;
}

interface Place {
  path: string;
  depth: number;
  kind: string;
  name: string;
  /** Defaults to `kind path`. */
  where?: string;
}

function node(place: Place, status: Status | undefined, message = ''): TreeNode {
  const { path, depth, kind, name } = place;
  const error = status?.error;
  const failure = error ? [error.code, error.message].filter(Boolean).join(': ') : '';
  // A failed member's message is its error's: say it once.
  const said = error?.message !== undefined && message === error.message ? '' : message;
  return {
    path,
    depth,
    label: `${kind} ${name}`,
    where: place.where ?? `${kind} ${path}`,
    state: status?.state ?? 'NotStarted',
    startTime: status?.startTime,
    completedTime: status?.completedTime,
    message: [said, failure].filter((m) => m !== '').join(' '),
  };
}

function gateNodes(path: string, depth: number, timing: string, gates: z.infer<typeof Gates>): TreeNode[] {
  return (gates ?? []).map((gate, index) => {
    const name = gate.displayName ?? gate.gateId?.split('/').pop() ?? String(index + 1);
    return node({ path: `${path}/${name}`, depth, kind: `${timing} gate`, name }, gate.status);
  });
}

/** Every line of the run's tree, in the order the run goes through them. */
export function runTree(run: unknown): TreeNode[] {
  const parsed = Run.safeParse(run);
  if (!parsed.success) return [];
  const status = parsed.data.properties?.status;
  const name = parsed.data.name ?? '';
  const nodes: TreeNode[] = [node({ path: '', depth: 0, kind: 'run', name, where: `run ${name}` }, status?.status)];
  for (const stage of status?.stages ?? []) {
    const s = stage.name;
    nodes.push(node({ path: s, depth: 1, kind: 'stage', name: s }, stage.status));
    nodes.push(...gateNodes(s, 2, 'before', stage.beforeGates));
    for (const group of stage.groups) {
      const g = `${s}/${group.name}`;
      nodes.push(node({ path: g, depth: 2, kind: 'group', name: group.name }, group.status));
      nodes.push(...gateNodes(g, 3, 'before', group.beforeGates));
      for (const member of group.members) {
        const place = { path: `${g}/${member.name}`, depth: 3, kind: 'member', name: member.name };
        nodes.push(node(place, member.status, member.message));
      }
      nodes.push(...gateNodes(g, 3, 'after', group.afterGates));
    }
    nodes.push(...gateNodes(s, 2, 'after', stage.afterGates));
    const wait = stage.afterStageWaitStatus;
    if (wait) {
      const seconds = `${wait.waitDurationInSeconds ?? 0}s`;
      const place = { path: `${s}/wait`, depth: 2, kind: 'wait', name: seconds, where: `wait ${seconds} after ${s}` };
      nodes.push(node(place, wait.status));
    }
  }
  return nodes;
}

/** `1h02m`, `3m05s`, `12s`; empty before the node starts. */
export function elapsed(n: TreeNode, now: number): string {
  if (n.startTime === undefined) return '';
  const end = n.completedTime !== undefined ? Date.parse(n.completedTime) : now;
  const total = Math.max(0, Math.round((end - Date.parse(n.startTime)) / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (v: number): string => String(v).padStart(2, '0');
  if (h > 0) return `${h}h${two(m)}m`;
  return m > 0 ? `${m}m${two(s)}s` : `${s}s`;
}

/** The tree as aligned lines: label, state, elapsed, message. */
export function treeLines(nodes: TreeNode[], now: number): string[] {
  const labels = nodes.map((n) => `${'  '.repeat(n.depth)}${n.label}`);
  const width = Math.max(0, ...labels.map((l) => l.length));
  return nodes.map((n, i) =>
    [(labels[i] ?? '').padEnd(width), n.state.padEnd(10), elapsed(n, now).padStart(6), n.message].join('  ').trimEnd(),
  );
}

/** One line for a node that changed, for output that is not a terminal: `HH:MM:SS path state elapsed message`. */
export function changeLine(n: TreeNode, now: number): string {
  const time = new Date(now).toISOString().slice(11, 19);
  return [time, n.where, n.state, elapsed(n, now), n.message].filter((part) => part !== '').join('  ');
}
