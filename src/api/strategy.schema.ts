import { z } from 'zod';
import type { ApiVersion } from './api-version';
import {
  ChildNameSchema,
  INT32_MAX,
  notSupportedYet,
  READ_ONLY,
  READ_ONLY_ENVELOPE,
  REQUIRED,
  since2026,
} from './common.schema';
import { MaxAllowedFailuresSchema } from './failure-tolerance';

export const MAX_GROUPS_PER_STAGE = 50;
export const MAX_STAGE_CONCURRENCY = 50;
const MAX_CONCURRENCY_PATTERN = /^(?:([1-9]\d*)|([1-9]\d?|100)%)$/;

const MaxConcurrencySchema = z
  .string()
  .regex(MAX_CONCURRENCY_PATTERN, "must be a positive integer ('3') or a percentage from 1% to 100% ('25%')");

const GateConfigSchema = z.strictObject({
  displayName: z.string().min(1).max(100).optional(),
  type: z.enum(['Approval']),
  scheduledStartConfiguration: notSupportedYet('only Approval gates are'),
});

const MEMBER_SELECTOR_REFUSED = notSupportedYet("name the members' group instead (a member's properties.group)");

/** A gate configured before or after a stage or group (2026-06-01). */
export type GateConfig = z.infer<typeof GateConfigSchema>;

/** The stored, version-neutral strategy: stages run in order, the groups of a stage in parallel. */
export interface UpdateRunStrategy {
  stages: UpdateStage[];
}

export interface UpdateStage {
  name: string;
  groups: UpdateGroup[];
  afterStageWaitInSeconds?: number;
  maxConcurrency?: string;
  maxAllowedFailures?: string;
  beforeGates?: GateConfig[];
  afterGates?: GateConfig[];
}

export interface UpdateGroup {
  name: string;
  maxConcurrency?: string;
  maxAllowedFailures?: string;
  beforeGates?: GateConfig[];
  afterGates?: GateConfig[];
}

function integerConcurrency(value: string | undefined): number | undefined {
  return value !== undefined && !value.endsWith('%') ? Number(value) : undefined;
}

/** The strategy as a request may carry it under `version`, with the cross-field rules (names, limits). */
export function strategySchema(version: ApiVersion): z.ZodType<UpdateRunStrategy> {
  const group = z.strictObject({
    name: ChildNameSchema,
    maxConcurrency: since2026(version, MaxConcurrencySchema),
    maxAllowedFailures: since2026(version, MaxAllowedFailuresSchema),
    memberSelector: MEMBER_SELECTOR_REFUSED,
    beforeGates: since2026(version, z.array(GateConfigSchema)),
    afterGates: since2026(version, z.array(GateConfigSchema)),
  });
  const stage = z.strictObject({
    name: ChildNameSchema,
    groups: z
      .array(group, REQUIRED)
      .min(1, 'must name at least one group')
      .max(MAX_GROUPS_PER_STAGE, `must hold at most ${MAX_GROUPS_PER_STAGE} groups`),
    afterStageWaitInSeconds: z
      .number()
      .int('must be a whole number of seconds')
      .min(0, 'must not be negative')
      .max(INT32_MAX, `must be at most ${INT32_MAX}`)
      .optional(),
    maxConcurrency: since2026(version, MaxConcurrencySchema),
    maxAllowedFailures: since2026(version, MaxAllowedFailuresSchema),
    memberSelector: MEMBER_SELECTOR_REFUSED,
    beforeGates: since2026(version, z.array(GateConfigSchema)),
    afterGates: since2026(version, z.array(GateConfigSchema)),
  });
  return z
    .strictObject({ stages: z.array(stage, REQUIRED).min(1, 'must hold at least one stage') }, REQUIRED)
    .superRefine((strategy, ctx) => {
      const stageNames = new Set<string>();
      const groupNames = new Map<string, string>();
      strategy.stages.forEach((s, stageIndex) => {
        if (stageNames.has(s.name)) {
          ctx.addIssue({
            code: 'custom',
            message: `stage name '${s.name}' is used more than once`,
            path: ['stages', stageIndex, 'name'],
          });
        }
        stageNames.add(s.name);
        const stageLimit = integerConcurrency(s.maxConcurrency);
        if (stageLimit !== undefined && stageLimit > MAX_STAGE_CONCURRENCY) {
          ctx.addIssue({
            code: 'custom',
            message: `must be at most ${MAX_STAGE_CONCURRENCY}`,
            path: ['stages', stageIndex, 'maxConcurrency'],
          });
        }
        s.groups.forEach((g, groupIndex) => {
          const earlier = groupNames.get(g.name);
          if (earlier !== undefined) {
            ctx.addIssue({
              code: 'custom',
              message: `group '${g.name}' already appears in stage '${earlier}'; a group may appear only once`,
              path: ['stages', stageIndex, 'groups', groupIndex, 'name'],
            });
          }
          groupNames.set(g.name, s.name);
          const groupLimit = integerConcurrency(g.maxConcurrency);
          if (groupLimit !== undefined && stageLimit !== undefined && groupLimit > stageLimit) {
            ctx.addIssue({
              code: 'custom',
              message: `must not exceed the stage's maxConcurrency (${stageLimit})`,
              path: ['stages', stageIndex, 'groups', groupIndex, 'maxConcurrency'],
            });
          }
        });
      });
    });
}

/** PUT body of an update strategy under `version`. Read-only fields a client echoes back from a GET are ignored. */
export function updateStrategyPutSchema(version: ApiVersion) {
  return z.strictObject({
    ...READ_ONLY_ENVELOPE,
    properties: z.strictObject({ strategy: strategySchema(version), provisioningState: READ_ONLY }, REQUIRED),
  });
}

/** Every group name the strategy uses, with where it is (for "no member has this group" errors). */
export function groupsOf(strategy: UpdateRunStrategy): Array<{ name: string; path: Array<string | number> }> {
  return strategy.stages.flatMap((stage, stageIndex) =>
    stage.groups.map((group, groupIndex) => ({
      name: group.name,
      path: ['stages', stageIndex, 'groups', groupIndex, 'name'],
    })),
  );
}

/** The strategy without the fields `version` does not know (maxConcurrency, maxAllowedFailures, gates before 2026). */
export function strategyFor(strategy: UpdateRunStrategy, version: ApiVersion): UpdateRunStrategy {
  if (version === '2026-06-01') return strategy;
  return {
    stages: strategy.stages.map((stage) => ({
      name: stage.name,
      groups: stage.groups.map((group) => ({ name: group.name })),
      ...(stage.afterStageWaitInSeconds !== undefined
        ? { afterStageWaitInSeconds: stage.afterStageWaitInSeconds }
        : {}),
    })),
  };
}
