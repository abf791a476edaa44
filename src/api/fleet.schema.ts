import { z } from 'zod';
import { TagsSchema } from './common.schema';

const IdentitySchema = z.object({
  type: z.enum(['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned']),
  userAssignedIdentities: z.record(z.string(), z.object({}).passthrough()).optional(),
});

const HubProfileSchema = z.object({
  dnsPrefix: z
    .string()
    .min(1)
    .max(54)
    .regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/, 'must be letters, digits or "-"')
    .optional(),
  apiServerAccessProfile: z
    .object({
      enablePrivateCluster: z.boolean().optional(),
      enableVnetIntegration: z.boolean().optional(),
      subnetId: z.string().optional(),
    })
    .optional(),
  agentProfile: z.object({ subnetId: z.string().optional(), vmSize: z.string().optional() }).optional(),
});

/** PUT body of a fleet (same in every supported api-version). Read-only fields a client echoes back are ignored. */
export const FleetPutSchema = z.object({
  location: z.string().min(1, 'is required'),
  tags: TagsSchema.optional(),
  identity: IdentitySchema.optional(),
  properties: z.object({ hubProfile: HubProfileSchema.optional() }).optional(),
});

/** PATCH body of a fleet: tags and identity only. */
export const FleetPatchSchema = z.object({
  tags: TagsSchema.optional(),
  identity: IdentitySchema.optional(),
});

/** What is stored for a fleet (version-neutral). */
export const FleetDocSchema = z.object({
  subscriptionId: z.string(),
  resourceGroupName: z.string(),
  location: z.string(),
  tags: z.record(z.string(), z.string()),
  identity: IdentitySchema.optional(),
  hubProfile: HubProfileSchema.optional(),
});

export type FleetDoc = z.infer<typeof FleetDocSchema>;
export type FleetPut = z.infer<typeof FleetPutSchema>;
export type FleetPatch = z.infer<typeof FleetPatchSchema>;
