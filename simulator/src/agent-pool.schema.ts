import { z } from 'zod';

const TAGS = z.record(z.string(), z.string());

/** Agent pool fields the simulator models (others are accepted and ignored, as read-only ones are). */
export const AgentPoolPropertiesSchema = z.object({
  count: z.number().int().min(0).max(1000).optional(),
  vmSize: z.string().min(1).optional(),
  osType: z.enum(['Linux', 'Windows']).optional(),
  osSKU: z.enum(['Ubuntu', 'Ubuntu2204', 'AzureLinux', 'CBLMariner', 'Windows2019', 'Windows2022']).optional(),
  mode: z.enum(['System', 'User']).optional(),
  orchestratorVersion: z.string().min(1).optional(),
  nodeImageVersion: z.string().min(1).optional(),
  tags: TAGS.optional(),
});
/** Agent pool fields the simulator models. */
export type AgentPoolProperties = z.infer<typeof AgentPoolPropertiesSchema>;

export const AGENT_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** One entry of `agentPoolProfiles` in a managed cluster PUT. */
export const AgentPoolProfileSchema = AgentPoolPropertiesSchema.extend({
  name: z
    .string()
    .regex(AGENT_POOL_NAME, 'agent pool names are 1-12 lowercase letters and digits, starting with a letter'),
});
/** One entry of `agentPoolProfiles`. */
export type AgentPoolProfile = z.infer<typeof AgentPoolProfileSchema>;

/** Body of an agent pool PUT. */
export const AgentPoolBodySchema = z.object({ properties: AgentPoolPropertiesSchema.default({}) });
