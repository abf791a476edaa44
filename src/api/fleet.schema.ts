import { z } from 'zod';
import { READ_ONLY, READ_ONLY_ENVELOPE, TagsSchema } from './common.schema';

const IDENTITY_TYPES = ['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned'] as const;

const IdentitySchema = z.strictObject({
  type: z.enum(IDENTITY_TYPES),
  principalId: READ_ONLY,
  tenantId: READ_ONLY,
  userAssignedIdentities: z
    .record(z.string(), z.strictObject({ principalId: READ_ONLY, clientId: READ_ONLY }))
    .optional(),
});

const HubProfileSchema = z.strictObject({
  dnsPrefix: z
    .string()
    .min(1)
    .max(54)
    .regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/, 'must be letters, digits or "-"')
    .optional(),
  apiServerAccessProfile: z
    .strictObject({
      enablePrivateCluster: z.boolean().optional(),
      enableVnetIntegration: z.boolean().optional(),
      subnetId: z.string().optional(),
    })
    .optional(),
  agentProfile: z.strictObject({ subnetId: z.string().optional(), vmSize: z.string().optional() }).optional(),
  fqdn: READ_ONLY,
  kubernetesVersion: READ_ONLY,
  portalFqdn: READ_ONLY,
});

/** PUT body of a fleet (same in every supported api-version). Read-only fields a client echoes back are ignored. */
export const FleetPutSchema = z.strictObject({
  ...READ_ONLY_ENVELOPE,
  location: z.string().min(1, 'is required'),
  tags: TagsSchema.optional(),
  identity: IdentitySchema.optional(),
  properties: z
    .strictObject({ hubProfile: HubProfileSchema.optional(), provisioningState: READ_ONLY, status: READ_ONLY })
    .optional(),
});

/** PATCH body of a fleet: tags and identity only (ARM's FleetPatch). */
export const FleetPatchSchema = z.strictObject({
  tags: TagsSchema.optional(),
  identity: IdentitySchema.optional(),
});

/**
 * What is stored for a fleet (version-neutral). Its identity stays lenient: rows written before bodies were strict
 * may hold any keys in userAssignedIdentities.
 */
export const FleetDocSchema = z.object({
  subscriptionId: z.string(),
  resourceGroupName: z.string(),
  location: z.string(),
  tags: z.record(z.string(), z.string()),
  identity: z
    .object({
      type: z.enum(IDENTITY_TYPES),
      userAssignedIdentities: z.record(z.string(), z.object({}).passthrough()).optional(),
    })
    .optional(),
  hubProfile: HubProfileSchema.optional(),
});

export type FleetDoc = z.infer<typeof FleetDocSchema>;
export type FleetPut = z.infer<typeof FleetPutSchema>;
export type FleetPatch = z.infer<typeof FleetPatchSchema>;
