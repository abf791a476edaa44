import { z } from 'zod';
import type { ApiVersion } from './api-version';
import { ChildNameSchema, LabelsSchema, REQUIRED, since2026 } from './common.schema';
import { parseManagedClusterId } from './ids';

const ClusterResourceIdSchema = z
  .string(REQUIRED)
  .refine(
    (id) => parseManagedClusterId(id) !== undefined,
    'must be a managed cluster resource id: /subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}',
  );

/** PUT body of a fleet member under `version`. */
export function memberPutSchema(version: ApiVersion) {
  return z.object({
    properties: z.object(
      {
        clusterResourceId: ClusterResourceIdSchema,
        group: ChildNameSchema.optional(),
        labels: since2026(version, LabelsSchema),
      },
      REQUIRED,
    ),
  });
}

/** PATCH body of a fleet member under `version`: group and labels. */
export function memberPatchSchema(version: ApiVersion) {
  return z.object({
    properties: z
      .object({
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
