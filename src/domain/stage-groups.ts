import { isGroupSkipped } from './skip';
import type { SkipTarget } from './skip';
import { isFinished } from './update-run';
import type { UpdateState } from './types';

/** A stage's group as the stage plans it: its name and the state it was left in (a stage started again). */
interface StageGroup {
  name: string;
  status: { state: UpdateState };
}

/** How a stage runs its groups this time. */
export interface StageGroupsPlan<G extends StageGroup> {
  /** The groups to run, in the strategy's order. */
  toRun: G[];
  /** Groups the skips cover: they end Skipped without running. */
  skipped: string[];
  /** How many of `toRun` run at once. */
  parallel: number;
  /** Each running group's share of the stage's maxConcurrency (its own ceiling applies too). */
  share: number;
}

/**
 * Which of a stage's groups run, which are skipped and how the stage's ceiling is shared. Groups a start before
 * finished (Completed or Skipped) neither run nor count; a skip of the stage or of a group ends those Skipped. The
 * stage's maxConcurrency bounds member upgrades in flight across its groups: at most that many groups run at once,
 * each with an equal share of it (at least one member).
 */
export function planStageGroups<G extends StageGroup>(
  stage: { name: string; maxConcurrency: number; groups: readonly G[] },
  skips: readonly SkipTarget[],
): StageGroupsPlan<G> {
  const unfinished = stage.groups.filter((group) => !isFinished(group.status.state));
  const covered = (group: G) => isGroupSkipped(skips, stage.name, group.name);
  const toRun = unfinished.filter((group) => !covered(group));
  const skipped = unfinished.filter(covered).map((group) => group.name);
  const parallel = Math.max(1, Math.min(toRun.length, stage.maxConcurrency));
  const share = Math.max(1, Math.floor(stage.maxConcurrency / parallel));
  return { toRun, skipped, parallel, share };
}
