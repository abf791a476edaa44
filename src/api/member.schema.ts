import { z } from 'zod';
import type { ApiVersion } from './api-version';
import { ChildNameSchema, LabelsSchema, READ_ONLY, READ_ONLY_ENVELOPE, REQUIRED, since2026 } from './common.schema';
import { parseManagedClusterId } from './ids';

const ClusterResourceIdSchema = z
  .string(REQUIRED)
  .refine(
    (id) => parseManagedClusterId(id) !== undefined,
    'must be a managed cluster resource id: /subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}',
  );

/** PUT body of a fleet member under `version`. Read-only fields a client echoes back from a GET are ignored. */
export function memberPutSchema(version: ApiVersion) {
  return z.strictObject({
    ...READ_ONLY_ENVELOPE,
    properties: z.strictObject(
      {
        clusterResourceId: ClusterResourceIdSchema,
        group: ChildNameSchema.optional(),
        labels: since2026(version, LabelsSchema),
        provisioningState: READ_ONLY,
        status: READ_ONLY,
      },
      REQUIRED,
    ),
  });
}

/** PATCH body of a fleet member under `version`: group and labels (ARM's FleetMemberUpdate). */
export function memberPatchSchema(version: ApiVersion) {
  return z.strictObject({
    properties: z
      .strictObject({
        group: ChildNameSchema.nullable().optional(),
        labels: since2026(version, LabelsSchema.nullable()),
      })
      .optional(),
  });
}

/** What is stored for a member (version-neutral). */
export const MemberDocSchema = z.object({
  clusterResourceId: z.string(),
  group: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

export type MemberDoc = z.infer<typeof MemberDocSchema>;
