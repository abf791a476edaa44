import { z } from 'zod';
import { GatesSchema, RunControlSchema, RunRefSchema } from './contracts';

/** Where a set of gates stands: before or after a stage (no group) or a group. */
export const GatePlaceSchema = z.object({
  stage: z.string(),
  group: z.string().optional(),
  timing: z.enum(['Before', 'After']),
});
export type GatePlace = z.infer<typeof GatePlaceSchema>;

/** The orchestration that waits at one set of gates (one per place and attempt): the actions wake it too. */
export function gateInstanceId(runInstance: string, attempt: number, place: GatePlace): string {
  const where = [place.stage, ...(place.group !== undefined ? [place.group] : [])].join(':');
  return `${runInstance}:${attempt}:gates:${place.timing}:${where}`.toLowerCase();
}

/** Every place of a run's plan that has gates (the stages' and groups' gate lists, as the status shows them). */
export function gatePlaces(
  stages: ReadonlyArray<{
    name: string;
    beforeGates?: readonly unknown[];
    afterGates?: readonly unknown[];
    groups: ReadonlyArray<{ name: string; beforeGates?: readonly unknown[]; afterGates?: readonly unknown[] }>;
  }>,
): GatePlace[] {
  const places: GatePlace[] = [];
  const add = (
    has: { beforeGates?: readonly unknown[]; afterGates?: readonly unknown[] },
    at: Omit<GatePlace, 'timing'>,
  ) => {
    if (has.beforeGates?.length) places.push({ ...at, timing: 'Before' });
    if (has.afterGates?.length) places.push({ ...at, timing: 'After' });
  };
  for (const stage of stages) {
    add(stage, { stage: stage.name });
    for (const group of stage.groups) add(group, { stage: stage.name, group: group.name });
  }
  return places;
}

/** Input of the gate orchestration: the run, where the gates stand and their names in order. */
export const GateSetInputSchema = z.object({
  run: RunRefSchema,
  attempt: z.number().int().nonnegative(),
  place: GatePlaceSchema,
  gates: GatesSchema,
});
export type GateSetInput = z.infer<typeof GateSetInputSchema>;

/** How a set of gates ended for this attempt: every gate approved, skipped with what it guards, or the run stopped. */
export const GateOutcomeSchema = z.enum(['Completed', 'Skipped', 'Stopped']);
export type GateOutcome = z.infer<typeof GateOutcomeSchema>;

/** The gates of one place as the gate orchestration sees them: their names, states and the run's intent. */
export const GatesReadSchema = z.object({
  names: z.array(z.string()),
  states: z.array(z.enum(['Pending', 'Skipped', 'Completed'])),
  control: RunControlSchema,
});
export type GatesRead = z.infer<typeof GatesReadSchema>;

/**
 * Input of the orchestration of what follows a stage's groups: its after-stage wait (`waitSeconds`, 0 when none is
 * left) and its after-gates, side by side.
 */
export const AfterStageInputSchema = z.object({
  run: RunRefSchema,
  attempt: z.number().int().nonnegative(),
  stage: z.string(),
  waitSeconds: z.number().int().nonnegative(),
  afterGates: GatesSchema,
});
export type AfterStageInput = z.infer<typeof AfterStageInputSchema>;

/** The after-stage orchestration of a stage (one per stage and attempt): the actions wake it too. */
export function afterStageInstanceId(runInstance: string, attempt: number, stage: string): string {
  return `${runInstance}:${attempt}:after:${stage}`.toLowerCase();
}
