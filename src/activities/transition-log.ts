import type { RunRef, StatusWrite } from '../orchestrators/contracts';

// The run's story as the log tells it: one line per status row, in the domain's words. Pure: which rows are news
// (their state changed since the last line) is TransitionLogger's to decide.

/** One row told as a log line; `mark` is what must differ from the row's last line for it to be told again. */
export interface Transition {
  key: string;
  mark: string;
  level: 'info' | 'warn';
  line: string;
}

/** How a run is named in every line: its fleet and name, as a user typed them. */
export const runLabel = (run: RunRef): string => `UpdateRun ${run.fleetName}/${run.runName}`;

/** Where a row is in the run's plan, read from its key (see statusKeys). */
export interface RowPlace {
  kind: 'run' | 'stage' | 'wait' | 'group' | 'member' | 'gate';
  stage?: string;
  group?: string;
  member?: string;
  /** Gate rows: `before` or `after` their stage or group, and the gate's name (else its place in the plan). */
  timing?: string;
  gate?: string;
}

/** The place of a row, or undefined for a row that is not a step of the plan (the node-image selection). */
export function placeOf(row: StatusWrite): RowPlace | undefined {
  const [scope, ...parts] = row.key.split('|');
  const [stage = '', group = '', member = ''] = parts;
  switch (scope) {
    case 'run':
      return { kind: 'run' };
    case 'stage':
    case 'wait':
      return { kind: scope, stage };
    case 'group':
      return { kind: 'group', stage, group };
    case 'member':
      return { kind: 'member', stage, group, member };
    case 'gate': {
      const [timing = '', ...place] = parts;
      const index = Number(place.pop() ?? 0);
      // The gate's name is what a user approves (PATCH …/gates/{name}); its place in the plan until it has one.
      const gate = row.gateId?.split('/').pop() ?? `#${index + 1}`;
      return {
        kind: 'gate',
        timing,
        stage: place[0] ?? '',
        ...(place[1] !== undefined ? { group: place[1] } : {}),
        gate,
      };
    }
    default:
      return undefined;
  }
}

/** The subject of a row's line, or undefined for a row the log does not tell. */
function subjectOf(place: RowPlace | undefined): string | undefined {
  switch (place?.kind) {
    case undefined:
      return undefined;
    case 'run':
      return 'run';
    case 'stage':
      return `stage ${place.stage}`;
    case 'wait':
      return `after-stage wait (${place.stage})`;
    case 'group':
      return `group ${place.group} (${place.stage})`;
    case 'member':
      return `member ${place.member} (${place.stage} › ${place.group})`;
    case 'gate':
      return `gate ${place.gate} (${place.timing} ${[place.stage, place.group].filter((p) => p !== undefined).join(' › ')})`;
  }
}

/** What follows the state: a failure's code and message, else the row's own message (members have one). */
function detailOf(row: StatusWrite): string {
  const error = row.status?.error;
  if (row.status?.state === 'Failed' && error) return ` (${error.code}): ${error.message}`;
  return row.message ? `: ${row.message}` : '.';
}

/**
 * One line for each row that has a state (and the Consistent node-image selection), e.g. `UpdateRun f/r: member m1
 * (stage1 › group-1a) Running: Upgrading the control plane to 1.32.6.`; Failed rows at `warn`. A member's mark is
 * its state and operation, so each upgrade step (a new ARM operation) is told, not each poll that rewrites its row.
 */
export function describeTransitions(run: RunRef, rows: readonly StatusWrite[]): Transition[] {
  return rows.flatMap((row) => describeTransition(run, row) ?? []);
}

/** The line of one row (see describeTransitions), or undefined for a row the log does not tell. */
export function describeTransition(run: RunRef, row: StatusWrite): Transition | undefined {
  if (row.selectedNodeImageVersions) {
    const versions = row.selectedNodeImageVersions.join(', ') || 'none';
    const line = `${runLabel(run)}: node images selected for every member: ${versions}.`;
    return { key: row.key, mark: versions, level: 'info', line };
  }
  const subject = subjectOf(placeOf(row));
  const state = row.status?.state;
  if (subject === undefined || state === undefined) return undefined;
  const mark = row.key.startsWith('member|') ? `${state}|${row.operationId ?? ''}` : state;
  const line = `${runLabel(run)}: ${subject === 'run' ? '' : `${subject} `}${state}${detailOf(row)}`;
  return { key: row.key, mark, level: state === 'Failed' ? 'warn' : 'info', line };
}

/** The one line a run's plan gets: its size, not a line per member it sets NotStarted. */
export function describePlan(
  run: RunRef,
  plan: { stages: ReadonlyArray<{ groups: readonly unknown[] }> },
  members: number,
): string {
  const groups = plan.stages.reduce((sum, stage) => sum + stage.groups.length, 0);
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  return `${runLabel(run)}: planned ${count(members, 'member')} in ${count(plan.stages.length, 'stage')} (${count(groups, 'group')}).`;
}
