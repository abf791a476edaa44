import { z } from 'zod';
import type { ApiVersion } from './api-version';
import { READ_ONLY, READ_ONLY_ENVELOPE, REQUIRED, since2026 } from './common.schema';

/**
 * Auto-upgrade profiles (`Microsoft.ContainerService/fleets/autoUpgradeProfiles`, 2025-03-01 and 2026-06-01): a
 * channel the fleet's clusters follow; on each new release of it a run of the profile's strategy is created and
 * started (src/services/auto-upgrade-trigger.ts).
 */
export const UPGRADE_CHANNELS = ['Stable', 'Rapid', 'NodeImage', 'TargetKubernetesVersion'] as const;
export type UpgradeChannel = (typeof UPGRADE_CHANNELS)[number];
/** TargetKubernetesVersion is GA in 2026-06-01 only. */
const CHANNELS_2025 = ['Stable', 'Rapid', 'NodeImage'] as const;

const TARGET_MINOR = /^\d+\.\d+$/;

const ErrorDetailSchema: z.ZodType<ProfileErrorDetail> = z.lazy(() =>
  z.object({
    code: z.string(),
    message: z.string(),
    target: z.string().optional(),
    details: z.array(ErrorDetailSchema).optional(),
  }),
);

/** ARM's ErrorDetail, as `lastTriggerError` carries it. */
export interface ProfileErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ProfileErrorDetail[];
}

/** What the last trigger did: set only by the trigger, never by a request. */
export const AutoUpgradeProfileStatusSchema = z.object({
  lastTriggeredAt: z.string(),
  lastTriggerStatus: z.enum(['Succeeded', 'Failed']),
  lastTriggerError: ErrorDetailSchema.optional(),
  lastTriggerUpgradeVersions: z.array(z.string()).optional(),
});
export type AutoUpgradeProfileStatus = z.infer<typeof AutoUpgradeProfileStatusSchema>;

/** The stored, version-neutral profile. */
export const AutoUpgradeProfileDocSchema = z.object({
  channel: z.enum(UPGRADE_CHANNELS),
  updateStrategyId: z.string().optional(),
  nodeImageSelection: z.object({ type: z.enum(['Latest', 'Consistent']) }).optional(),
  disabled: z.boolean(),
  targetKubernetesVersion: z.string().optional(),
  longTermSupport: z.boolean().optional(),
  status: AutoUpgradeProfileStatusSchema.optional(),
});
export type AutoUpgradeProfileDoc = z.infer<typeof AutoUpgradeProfileDocSchema>;

/** PUT body of an auto-upgrade profile under `version`; the status and envelope a GET returns are ignored. */
export function autoUpgradeProfilePutSchema(version: ApiVersion) {
  const channels = version === '2026-06-01' ? UPGRADE_CHANNELS : CHANNELS_2025;
  return z.strictObject({
    ...READ_ONLY_ENVELOPE,
    properties: z
      .strictObject(
        {
          channel: z.enum(channels, REQUIRED),
          updateStrategyId: z.string().min(1).optional(),
          nodeImageSelection: z.strictObject({ type: z.enum(['Latest', 'Consistent'], REQUIRED) }).optional(),
          disabled: z.boolean().optional(),
          targetKubernetesVersion: since2026(
            version,
            z.string().regex(TARGET_MINOR, "must be a Kubernetes minor version '{major}.{minor}', such as '1.33'"),
          ),
          longTermSupport: since2026(version, z.boolean()),
          provisioningState: READ_ONLY,
          autoUpgradeProfileStatus: READ_ONLY,
        },
        REQUIRED,
      )
      .superRefine((properties, ctx) => {
        const pinned = properties.channel === 'TargetKubernetesVersion';
        if (pinned && properties.targetKubernetesVersion === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: 'is required when channel is TargetKubernetesVersion',
            path: ['targetKubernetesVersion'],
          });
        }
        if (!pinned && properties.targetKubernetesVersion !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: 'may only be set when channel is TargetKubernetesVersion',
            path: ['targetKubernetesVersion'],
          });
        }
        if (!pinned && properties.longTermSupport === true) {
          ctx.addIssue({
            code: 'custom',
            message: 'may only be true when channel is TargetKubernetesVersion',
            path: ['longTermSupport'],
          });
        }
      }),
  });
}

export type AutoUpgradeProfileInput = z.output<ReturnType<typeof autoUpgradeProfilePutSchema>>['properties'];

/** The stored profile a valid PUT body asks for (its status is the trigger's: see keepStatus). */
export function profileDocOf(input: AutoUpgradeProfileInput): AutoUpgradeProfileDoc {
  return {
    channel: input.channel,
    ...(input.updateStrategyId !== undefined ? { updateStrategyId: input.updateStrategyId } : {}),
    ...(input.nodeImageSelection !== undefined ? { nodeImageSelection: input.nodeImageSelection } : {}),
    disabled: input.disabled ?? false,
    ...(input.targetKubernetesVersion !== undefined ? { targetKubernetesVersion: input.targetKubernetesVersion } : {}),
    ...(input.longTermSupport !== undefined ? { longTermSupport: input.longTermSupport } : {}),
  };
}
