import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { evaluate, type ArmFunction, type ArmScope } from './arm-expressions';

/** infra/azuredeploy.json, read as the parts the tests look at (everything else passes through). */
export const TEMPLATE_PATH = path.resolve(__dirname, '..', '..', 'infra', 'azuredeploy.json');

const ParameterSchema = z.looseObject({
  type: z.string(),
  defaultValue: z.unknown().optional(),
  allowedValues: z.array(z.unknown()).optional(),
});

export const ResourceSchema = z.looseObject({
  type: z.string(),
  apiVersion: z.string(),
  name: z.string(),
  kind: z.string().optional(),
  sku: z.looseObject({ name: z.string() }).optional(),
  identity: z.looseObject({ type: z.string() }).optional(),
  copy: z.looseObject({ name: z.string(), count: z.string() }).optional(),
  subscriptionId: z.string().optional(),
  resourceGroup: z.string().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type TemplateResource = z.infer<typeof ResourceSchema>;

const TemplateSchema = z.looseObject({
  parameters: z.record(z.string(), ParameterSchema),
  variables: z.record(z.string(), z.unknown()),
  resources: z.array(ResourceSchema),
  outputs: z.record(z.string(), z.unknown()),
});
export type Template = z.infer<typeof TemplateSchema>;

export function readTemplate(): Template {
  return TemplateSchema.parse(JSON.parse(readFileSync(TEMPLATE_PATH, 'utf8')));
}

export function resourceOfType(template: Template, type: string): TemplateResource[] {
  return template.resources.filter((resource) => resource.type.toLowerCase() === type.toLowerCase());
}

export const SAMPLE_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const SAMPLE_SUBSCRIPTION = '0b1f6471-1bf0-4dda-aec3-111122223333';
export const SAMPLE_CLIENT_ID = '6e2f4b4a-9c1d-4a8e-8f3b-0123456789ab';

/** What Azure would answer the deployment functions the template calls, for a deployment in West Europe. */
const STAND_INS: Record<string, ArmFunction> = {
  resourceGroup: () => ({
    id: `/subscriptions/${SAMPLE_SUBSCRIPTION}/resourceGroups/fleet-rg`,
    location: 'westeurope',
  }),
  subscription: () => ({ id: `/subscriptions/${SAMPLE_SUBSCRIPTION}`, tenantId: SAMPLE_TENANT }),
  environment: () => ({
    resourceManager: 'https://management.azure.com/',
    authentication: { loginEndpoint: 'https://login.microsoftonline.com/' },
    suffixes: { storage: 'core.windows.net' },
  }),
  uniqueString: () => 'q3xk2mzv7yb4e',
  resourceId: (...parts) => parts.join('/'),
  listKeys: () => ({ keys: [{ value: Buffer.from('account-key').toString('base64') }] }),
  reference: () => ({
    ConnectionString: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://x/',
    primaryEndpoints: { blob: 'https://stq3xk2mzv7yb4e.blob.core.windows.net/' },
  }),
};

/** A deployment of the template with `given` parameters, the others at their defaults. */
export function deploymentScope(template: Template, given: Record<string, unknown>): ArmScope {
  const scope: ArmScope = { parameters: {}, variables: template.variables, functions: STAND_INS };
  for (const [name, parameter] of Object.entries(template.parameters)) {
    if (name in given) scope.parameters[name] = given[name];
    else if (parameter.defaultValue !== undefined) scope.parameters[name] = evaluate(parameter.defaultValue, scope);
  }
  return scope;
}

/** The Function App's app settings as that deployment would set them. */
export function appSettings(template: Template, scope: ArmScope): Record<string, string> {
  const [site] = resourceOfType(template, 'Microsoft.Web/sites');
  const SettingsSchema = z.object({
    siteConfig: z.object({ appSettings: z.array(z.object({ name: z.string(), value: z.string() })) }),
  });
  const { siteConfig } = SettingsSchema.parse(site?.properties);
  return Object.fromEntries(siteConfig.appSettings.map(({ name, value }) => [name, String(evaluate(value, scope))]));
}
