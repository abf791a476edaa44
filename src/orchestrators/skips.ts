import { FINISHED_STATES, type SkipTargetData } from './contracts';

/** The members of one group that the stored skip targets cover (a member, its group, or its stage). */
export function skippedMembers(
  skips: readonly SkipTargetData[],
  stage: string,
  group: string,
  members: readonly string[],
): string[] {
  const covers = skips.some(
    (t) => (t.type === 'Stage' && t.name === stage) || (t.type === 'Group' && t.name === group),
  );
  if (covers) return [...members];
  const named = new Set(skips.filter((t) => t.type === 'Member').map((t) => t.name));
  return members.filter((m) => named.has(m));
}

/** Whether a stage's after-stage wait (or the whole stage) is skipped. */
export function isWaitSkipped(skips: readonly SkipTargetData[], stage: string): boolean {
  return skips.some((t) => (t.type === 'AfterStageWait' || t.type === 'Stage') && t.name === stage);
}

export function isGroupSkipped(skips: readonly SkipTargetData[], stage: string, group: string): boolean {
  return skips.some((t) => (t.type === 'Stage' && t.name === stage) || (t.type === 'Group' && t.name === group));
}

/**
 * The members of a group with a turn left, in the order given: neither finished (Completed, Skipped) nor skipped by
 * the user. A group's queue once it has applied the intent; its first step takes the first of them.
 */
export function membersWithTurn(
  members: readonly { name: string; status: { state: string } }[],
  skips: readonly SkipTargetData[],
  stage: string,
  group: string,
): string[] {
  const skipped = new Set(
    skippedMembers(
      skips,
      stage,
      group,
      members.map((m) => m.name),
    ),
  );
  return members.filter((m) => !FINISHED_STATES.includes(m.status.state) && !skipped.has(m.name)).map((m) => m.name);
}
