import { z } from 'zod';
import { AgentPoolProfileSchema } from './agent-pool.schema';

const TAGS = z.record(z.string(), z.string());

/** Body of a managed cluster PUT (fields the simulator does not model are accepted and ignored). */
export const ManagedClusterBodySchema = z.object({
  location: z.string().min(1),
  tags: TAGS.optional(),
  properties: z
    .object({
      kubernetesVersion: z.string().min(1).optional(),
      dnsPrefix: z.string().min(1).optional(),
      agentPoolProfiles: z.array(AgentPoolProfileSchema).optional(),
    })
    .default({}),
});
/** Body of a managed cluster PUT. */
export type ManagedClusterBody = z.infer<typeof ManagedClusterBodySchema>;

/** Body of the tags PATCH (`beginUpdateTags`). */
export const TagsBodySchema = z.object({ tags: TAGS.default({}) });

const RESOURCE_GROUP = /^[-\w._()]{1,90}$/;
const CLUSTER_NAME = /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Path parameters shared by every route under a subscription. */
export const SubscriptionParamsSchema = z.object({
  subscriptionId: z.string().regex(GUID, 'The provided subscription identifier is malformed or invalid.'),
});

export const ResourceGroupParamsSchema = SubscriptionParamsSchema.extend({
  resourceGroupName: z.string().regex(RESOURCE_GROUP, 'invalid resource group name'),
});

/** Path parameters of routes under one managed cluster. */
export const ClusterParamsSchema = ResourceGroupParamsSchema.extend({
  resourceName: z.string().regex(CLUSTER_NAME, 'invalid managed cluster name'),
});
/** Path parameters of routes under one managed cluster. */
export type ClusterParams = z.infer<typeof ClusterParamsSchema>;
