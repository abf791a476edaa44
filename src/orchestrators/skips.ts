import type { SkipTargetData } from './contracts';

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
