import { isGroupSkipped, isStageSkipped, type SkipTarget } from './skip';

/** A gate resource's state (`GateState`): the run opens it Pending, a user completes it, a skip skips it. */
export type GateResourceState = 'Pending' | 'Skipped' | 'Completed';

/** What a set of gates before or after a stage or group does next. */
export type GateSetDecision =
  /** Every gate is Completed: what they guard goes on. */
  | 'Completed'
  /** The stage or group they guard was skipped: the gates are skipped with it. */
  | 'Skipped'
  /** The run stops (or failed elsewhere): the gates stay Pending for the next start. */
  | 'Stopped'
  /** A gate is still Pending: wait for the next change of the run's intent or a gate. */
  | 'Wait';

/**
 * The rule of a set of gates: a skip of what they guard skips them (approvals cannot be skipped one by one);
 * else they pass once every one is Completed; else a stop ends the wait, leaving them Pending.
 */
export function decideGates(
  states: readonly GateResourceState[],
  intent: { stopping: boolean; skips: readonly SkipTarget[] },
  place: { stage: string; group?: string },
): GateSetDecision {
  const skipped =
    place.group !== undefined
      ? isGroupSkipped(intent.skips, place.stage, place.group)
      : isStageSkipped(intent.skips, place.stage);
  if (skipped) return 'Skipped';
  if (states.every((state) => state !== 'Pending')) return 'Completed';
  return intent.stopping ? 'Stopped' : 'Wait';
}
