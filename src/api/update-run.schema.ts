import { z } from 'zod';
import type { ApiVersion } from './api-version';
import { READ_ONLY, READ_ONLY_ENVELOPE, REQUIRED } from './common.schema';
import { strategySchema, type UpdateRunStrategy } from './strategy.schema';

const KUBERNETES_VERSION = /^v?\d+\.\d+(\.\d+)?$/;
/** `AKSUbuntu-2204gen2containerd-202403.25.0`: the image family, a dash, the dated version. */
const NODE_IMAGE_VERSION = /^([A-Za-z0-9][A-Za-z0-9._-]*)-(\d[\d.]*)$/;

/** The image family a node image version belongs to (`AKSUbuntu-2204gen2containerd`). */
export function nodeImageFamily(version: string): string | undefined {
  return NODE_IMAGE_VERSION.exec(version)?.[1];
}

const ManagedClusterUpdateSchema = z
  .strictObject(
    {
      upgrade: z.strictObject(
        {
          type: z.enum(['Full', 'NodeImageOnly', 'ControlPlaneOnly']),
          kubernetesVersion: z.string().regex(KUBERNETES_VERSION, "must look like '1.30' or '1.30.4'").optional(),
        },
        REQUIRED,
      ),
      nodeImageSelection: z
        .strictObject({
          type: z.enum(['Latest', 'Consistent', 'Custom']),
          customNodeImageVersions: z
            .array(
              z.strictObject({
                version: z
                  .string(REQUIRED)
                  .regex(
                    NODE_IMAGE_VERSION,
                    "must be a node image version such as 'AKSUbuntu-2204gen2containerd-202403.25.0'",
                  ),
              }),
            )
            .optional(),
        })
        .optional(),
    },
    REQUIRED,
  )
  .superRefine((update, ctx) => {
    const { type, kubernetesVersion } = update.upgrade;
    if (type === 'NodeImageOnly' && kubernetesVersion !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'must not be set when upgrade.type is NodeImageOnly',
        path: ['upgrade', 'kubernetesVersion'],
      });
    }
    if (type !== 'NodeImageOnly' && kubernetesVersion === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `is required when upgrade.type is ${type}`,
        path: ['upgrade', 'kubernetesVersion'],
      });
    }
    const selection = update.nodeImageSelection;
    const custom = selection?.customNodeImageVersions;
    if (selection?.type === 'Custom') {
      if (custom === undefined || custom.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: 'is required when nodeImageSelection.type is Custom',
          path: ['nodeImageSelection', 'customNodeImageVersions'],
        });
      }
      const families = new Set<string>();
      custom?.forEach((image, index) => {
        const family = nodeImageFamily(image.version);
        if (family === undefined) return;
        if (families.has(family)) {
          ctx.addIssue({
            code: 'custom',
            message: `image family '${family}' is listed more than once; give one version per family`,
            path: ['nodeImageSelection', 'customNodeImageVersions', index, 'version'],
          });
        }
        families.add(family);
      });
    } else if (custom !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'may only be set when nodeImageSelection.type is Custom',
        path: ['nodeImageSelection', 'customNodeImageVersions'],
      });
    }
  });

export type ManagedClusterUpdate = z.infer<typeof ManagedClusterUpdateSchema>;

/** PUT body of an update run under `version`. Read-only fields a client echoes back from a GET are ignored. */
export function updateRunPutSchema(version: ApiVersion) {
  return z.strictObject({
    ...READ_ONLY_ENVELOPE,
    properties: z
      .strictObject(
        {
          updateStrategyId: z.string().optional(),
          strategy: strategySchema(version).optional(),
          managedClusterUpdate: ManagedClusterUpdateSchema,
          provisioningState: READ_ONLY,
          autoUpgradeProfileId: READ_ONLY,
          status: READ_ONLY,
        },
        REQUIRED,
      )
      .superRefine((properties, ctx) => {
        if (properties.updateStrategyId !== undefined && properties.strategy !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: 'must not be set together with strategy; give either an inline strategy or an updateStrategyId',
            path: ['updateStrategyId'],
          });
        }
      }),
  });
}

/** What is stored for an update run's spec (version-neutral); its status lives in separate rows. */
export interface UpdateRunDoc {
  updateStrategyId?: string;
  strategy?: UpdateRunStrategy;
  managedClusterUpdate: ManagedClusterUpdate;
  /** Set when an auto-upgrade profile generated the run (read-only in the API). */
  autoUpgradeProfileId?: string;
}

export const UpdateRunDocSchema: z.ZodType<UpdateRunDoc> = z.object({
  updateStrategyId: z.string().optional(),
  strategy: strategySchema('2026-06-01').optional(),
  managedClusterUpdate: ManagedClusterUpdateSchema,
  autoUpgradeProfileId: z.string().optional(),
});
