import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROLES } from '../../../src/auth/principal';
import { evaluate } from '../../support/arm-expressions';
import {
  deploymentScope,
  readTemplate,
  resourceOfType,
  SAMPLE_CLIENT_ID,
  SAMPLE_SUBSCRIPTION,
  type TemplateResource,
} from '../../support/azuredeploy';

const template = readTemplate();
const AKS_CONTRIBUTOR = 'ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8';

function only(type: string): TemplateResource {
  const found = resourceOfType(template, type);
  expect(found, type).toHaveLength(1);
  const [resource] = found;
  if (!resource) throw new Error(`no ${type}`);
  return resource;
}

const RoleAssignmentDeploymentSchema = z.object({
  parameters: z.object({
    principalId: z.object({ value: z.string() }),
    roleDefinitionId: z.object({ value: z.string() }),
  }),
  template: z.object({
    resources: z.array(
      z.object({
        type: z.literal('Microsoft.Authorization/roleAssignments'),
        properties: z.object({ principalId: z.string(), principalType: z.string(), roleDefinitionId: z.string() }),
      }),
    ),
  }),
});

describe('infra/azuredeploy.json', () => {
  it('asks a deployment only for the API app registration and the allowed cluster scopes', () => {
    const required = Object.entries(template.parameters).filter(
      ([, parameter]) => parameter.defaultValue === undefined,
    );
    expect(required.map(([name]) => name).sort()).toEqual(['apiClientId', 'clusterScopes']);
    expect(template.parameters.clusterScopes).toMatchObject({ type: 'array', minLength: 1 });
  });

  it('runs the app on a Flex Consumption plan, on Linux, with Node 20 or later', () => {
    expect(only('Microsoft.Web/serverfarms').sku).toMatchObject({ name: 'FC1', tier: 'FlexConsumption' });
    const site = only('Microsoft.Web/sites');
    expect(site.kind).toBe('functionapp,linux');
    expect(site.properties?.functionAppConfig).toMatchObject({
      runtime: { name: 'node', version: "[parameters('nodeVersion')]" },
      deployment: { storage: { type: 'blobContainer' } },
    });
    const versions = template.parameters.nodeVersion?.allowedValues ?? [];
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(Number(version)).toBeGreaterThanOrEqual(20);
  });

  it('gives the Function App a system-assigned managed identity', () => {
    expect(only('Microsoft.Web/sites').identity).toEqual({ type: 'SystemAssigned' });
  });

  it('grants that identity the AKS role on every allowed cluster scope, in whichever subscription it is', () => {
    expect(template.parameters.clusterRoleDefinitionId?.defaultValue).toBe(AKS_CONTRIBUTOR);
    const deployments = resourceOfType(template, 'Microsoft.Resources/deployments');
    const byLoop = new Map(deployments.map((deployment) => [deployment.copy?.name, deployment]));
    const subscriptions = byLoop.get('subscriptionScopeRoles');
    const resourceGroups = byLoop.get('resourceGroupScopeRoles');
    expect(subscriptions?.subscriptionId).toContain("variables('subscriptionScopes')[copyIndex()]");
    expect(resourceGroups?.subscriptionId).toContain("variables('resourceGroupScopes')[copyIndex()]");
    expect(resourceGroups?.resourceGroup).toContain("variables('resourceGroupScopes')[copyIndex()]");
    for (const deployment of [subscriptions, resourceGroups]) {
      const nested = RoleAssignmentDeploymentSchema.parse(deployment?.properties);
      expect(nested.parameters.principalId.value).toContain("'full').identity.principalId");
      expect(nested.parameters.roleDefinitionId.value).toBe("[parameters('clusterRoleDefinitionId')]");
      expect(nested.template.resources.map((r) => r.properties.principalType)).toEqual(['ServicePrincipal']);
    }
  });

  it('splits the cluster scopes into subscriptions and resource groups', () => {
    const scopes = [
      `/subscriptions/${SAMPLE_SUBSCRIPTION}`,
      `/subscriptions/${SAMPLE_SUBSCRIPTION}/resourceGroups/team-a`,
    ];
    // The split uses filter()/lambda(), which the test evaluator does not run: check the length rule it relies on.
    expect(template.variables.subscriptionScopes).toContain("equals(length(split(lambdaVariables('scope'), '/')), 3)");
    expect(template.variables.resourceGroupScopes).toContain("equals(length(split(lambdaVariables('scope'), '/')), 5)");
    expect(scopes.map((scope) => scope.split('/').length)).toEqual([3, 5]);
  });

  it('turns on App Service Authentication with Entra ID for the API, leaving 401 and 403 to the app', () => {
    const auth = resourceOfType(template, 'Microsoft.Web/sites/config').find((r) => r.name.includes('authsettingsV2'));
    const scope = deploymentScope(template, { apiClientId: SAMPLE_CLIENT_ID, clusterScopes: [] });
    expect(evaluate(auth?.properties, scope)).toMatchObject({
      platform: { enabled: true },
      globalValidation: { requireAuthentication: false, unauthenticatedClientAction: 'AllowAnonymous' },
      identityProviders: {
        azureActiveDirectory: {
          enabled: true,
          registration: { clientId: SAMPLE_CLIENT_ID },
          validation: { allowedAudiences: [`api://${SAMPLE_CLIENT_ID}`, SAMPLE_CLIENT_ID] },
        },
      },
    });
  });

  it('sends the logs to Application Insights on a Log Analytics workspace', () => {
    only('Microsoft.OperationalInsights/workspaces');
    expect(only('Microsoft.Insights/components').properties).toHaveProperty('WorkspaceResourceId');
  });

  it('defines in app-roles.json exactly the app roles the app checks', () => {
    const file = path.resolve(__dirname, '..', '..', '..', 'infra', 'app-roles.json');
    const AppRolesSchema = z.array(
      z.object({
        id: z.uuid(),
        value: z.string(),
        isEnabled: z.literal(true),
        allowedMemberTypes: z.array(z.string()),
      }),
    );
    const roles = AppRolesSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(roles.map((role) => role.value)).toEqual([...ROLES]);
    expect(new Set(roles.map((role) => role.id)).size).toBe(roles.length);
    for (const role of roles) expect(role.allowedMemberTypes).toEqual(['User', 'Application']);
  });

  it('pre-authorizes the Azure CLI for the delegated scope the app registration exposes', () => {
    const read = (name: string): unknown =>
      JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'infra', name), 'utf8'));
    const scope = z
      .object({ api: z.object({ oauth2PermissionScopes: z.array(z.object({ id: z.uuid() })).length(1) }) })
      .parse(read('api-scope.json'));
    const preAuthorized = z
      .object({
        api: z.object({
          preAuthorizedApplications: z.array(z.object({ delegatedPermissionIds: z.array(z.string()) })),
        }),
      })
      .parse(read('api-preauthorize-cli.json'));
    expect(preAuthorized.api.preAuthorizedApplications[0]?.delegatedPermissionIds).toEqual([
      scope.api.oauth2PermissionScopes[0]?.id,
    ]);
  });
});
