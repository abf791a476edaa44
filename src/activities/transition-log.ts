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

/** The subject of a row's line from its key (see statusKeys), or undefined for a row the log does not tell. */
function subjectOf(row: StatusWrite): string | undefined {
  const [scope, ...parts] = row.key.split('|');
  switch (scope) {
    case 'run':
      return 'run';
    case 'stage':
      return `stage ${parts[0] ?? ''}`;
    case 'wait':
      return `after-stage wait (${parts[0] ?? ''})`;
    case 'group':
      return `group ${parts[1] ?? ''} (${parts[0] ?? ''})`;
    case 'member':
      return `member ${parts[2] ?? ''} (${parts[0] ?? ''} › ${parts[1] ?? ''})`;
    case 'gate': {
      const [timing, ...place] = parts;
      const index = Number(place.pop() ?? 0);
      // The gate's name is what a user approves (PATCH …/gates/{name}); its place in the plan until it has one.
      const name = row.gateId?.split('/').pop() ?? `#${index + 1}`;
      return `gate ${name} (${timing ?? ''} ${place.join(' › ')})`;
    }
    default:
      return undefined;
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
  return rows.flatMap((row): Transition[] => {
    if (row.selectedNodeImageVersions) {
      const versions = row.selectedNodeImageVersions.join(', ') || 'none';
      const line = `${runLabel(run)}: node images selected for every member: ${versions}.`;
      return [{ key: row.key, mark: versions, level: 'info', line }];
    }
    const subject = subjectOf(row);
    const state = row.status?.state;
    if (subject === undefined || state === undefined) return [];
    const mark = row.key.startsWith('member|') ? `${state}|${row.operationId ?? ''}` : state;
    const line = `${runLabel(run)}: ${subject === 'run' ? '' : `${subject} `}${state}${detailOf(row)}`;
    return [{ key: row.key, mark, level: state === 'Failed' ? 'warn' : 'info', line }];
  });
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
