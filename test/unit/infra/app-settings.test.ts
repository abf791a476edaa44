import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAuthConfig } from '../../../src/auth/auth-config';
import { parseClusterConfig } from '../../../src/clusters/cluster-config';
import { parseConfig } from '../../../src/config';
import { autoUpgradeSchedule } from '../../../src/functions/auto-upgrade.timer';
import { createTableClient } from '../../../src/storage/table-client';
import {
  appSettings,
  deploymentScope,
  readTemplate,
  SAMPLE_CLIENT_ID,
  SAMPLE_SUBSCRIPTION,
  SAMPLE_TENANT,
} from '../../support/azuredeploy';

const SRC = path.resolve(__dirname, '..', '..', '..', 'src');
const template = readTemplate();
const CLUSTER_SCOPES = [
  `/subscriptions/${SAMPLE_SUBSCRIPTION}`,
  `/subscriptions/${SAMPLE_SUBSCRIPTION}/resourceGroups/a`,
];
const deployed = appSettings(
  template,
  deploymentScope(template, { apiClientId: SAMPLE_CLIENT_ID, clusterScopes: CLUSTER_SCOPES }),
);

/** Settings the app reads that the template leaves unset on purpose, and why. */
const LEFT_TO_DEFAULT: Record<string, string> = {
  AUTH_ISSUERS: "derived from AUTH_AUTHORITY and AUTH_TENANT_ID: the tenant's v2.0 and v1.0 issuers",
  AUTH_JWKS_URI: "derived: the tenant's OpenID signing keys under AUTH_AUTHORITY",
  ARM_MAX_RETRIES: 'in-activity SDK retries; the orchestrations retry on durable timers',
  WEBSITE_AUTH_ENABLED: 'set by App Service itself when authsettingsV2 turns Authentication on; never an app setting',
};

/** Settings a Flex Consumption app must not carry (the platform sets them from functionAppConfig, or refuses them). */
const NOT_ON_FLEX = ['FUNCTIONS_WORKER_RUNTIME', 'FUNCTIONS_EXTENSION_VERSION', 'WEBSITE_RUN_FROM_PACKAGE'];

/** The environment keys a parser looks at, recorded by an environment that has none of them. */
function keysRead(parse: (env: NodeJS.ProcessEnv) => unknown): string[] {
  const seen = new Set<string>();
  const record = (key: string | symbol): void => void (typeof key === 'string' && seen.add(key));
  const env = new Proxy<NodeJS.ProcessEnv>(
    {},
    {
      get: (_target, key) => (record(key), undefined),
      has: (_target, key) => (record(key), false),
    },
  );
  try {
    parse(env);
  } catch {
    // Required settings are missing here on purpose: only which keys were looked at matters.
  }
  return [...seen].filter((key) => /^[A-Za-z][A-Za-z0-9_]+$/.test(key) && key !== 'then');
}

/**
 * Source files under src/ that read the environment, and the setting names they and the files they import spell out:
 * zod schema keys, `env.X` / `env['X']`, and constants named `…SETTING…`.
 */
function settingsNamedInSource(): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    if (!/process\.env|NodeJS\.ProcessEnv/.test(text)) continue;
    // The file itself and what it imports relatively (a parser often keeps its setting names beside it).
    const imported = [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map(
      (m) => `${path.join(path.dirname(file), m[1] ?? '')}.ts`,
    );
    const names = new Set<string>();
    for (const source of [file, ...imported.filter((f) => files.includes(f))]) {
      const body = readFileSync(path.join(SRC, source), 'utf8');
      for (const m of body.matchAll(/^\s+([A-Z][A-Za-z0-9_]+):\s*z\b/gm)) names.add(m[1] ?? '');
      for (const m of body.matchAll(/env(?:\.|\[')([A-Z][A-Za-z0-9_]+)/g)) names.add(m[1] ?? '');
      // A setting name kept in a constant: `export const CONNECTION_STRING_SETTING = 'APPLICATIONINSIGHTS_…'`.
      for (const m of body.matchAll(/[A-Z_]*SETTING[A-Z_]* = '([A-Za-z][A-Za-z0-9_]+)'/g)) names.add(m[1] ?? '');
    }
    readers.set(file, [...names]);
  }
  return readers;
}

const readByParsers = [parseConfig, parseAuthConfig, parseClusterConfig, autoUpgradeSchedule].flatMap(keysRead);
const namedInSource = [...settingsNamedInSource().values()].flat();
const readByApp = new Set([...readByParsers, ...namedInSource]);

describe('the app settings of infra/azuredeploy.json', () => {
  it('set every setting the app reads, except those left to their default on purpose', () => {
    expect(readByParsers).toContain('AzureWebJobsStorage');
    expect(readByParsers).toContain('AUTO_UPGRADE_SCHEDULE');
    const unset = [...readByApp].filter((key) => !(key in deployed) && !(key in LEFT_TO_DEFAULT));
    expect(unset).toEqual([]);
  });

  it('leave to default only settings the app reads and the template does not set', () => {
    for (const key of Object.keys(LEFT_TO_DEFAULT)) {
      expect(readByApp.has(key), key).toBe(true);
      expect(deployed, key).not.toHaveProperty(key);
    }
  });

  it('give the host its storage and Application Insights, and nothing Flex Consumption refuses', () => {
    const host = JSON.parse(readFileSync(path.resolve(SRC, '..', 'host.json'), 'utf8')) as unknown;
    expect(JSON.stringify(host)).toContain('"connectionName":"AzureWebJobsStorage"');
    expect(deployed.APPLICATIONINSIGHTS_CONNECTION_STRING).toMatch(/^InstrumentationKey=/);
    expect(deployed.DEPLOYMENT_STORAGE_CONNECTION_STRING).toBe(deployed.AzureWebJobsStorage);
    for (const key of NOT_ON_FLEX) expect(deployed).not.toHaveProperty(key);
  });

  it('parse under the app’s own schemas as an Entra ID deployment against Azure', () => {
    const env = { ...deployed, WEBSITE_AUTH_ENABLED: 'true' };
    expect(parseAuthConfig(env)).toEqual({
      mode: 'entra',
      tenantId: SAMPLE_TENANT,
      audiences: [`api://${SAMPLE_CLIENT_ID}`, SAMPLE_CLIENT_ID],
      issuers: [`https://login.microsoftonline.com/${SAMPLE_TENANT}/v2.0`, `https://sts.windows.net/${SAMPLE_TENANT}/`],
      jwksUri: `https://login.microsoftonline.com/${SAMPLE_TENANT}/discovery/v2.0/keys`,
      authority: 'https://login.microsoftonline.com',
      trustAppService: true,
      allowedClusterScopes: CLUSTER_SCOPES,
    });
    expect(parseClusterConfig(env)).toEqual({
      armEndpoint: 'https://management.azure.com',
      armAuth: 'default',
      maxRetries: 2,
    });
    const table = createTableClient(parseConfig(env), 'Fleets');
    expect(table.url).toMatch(/^https:\/\/stq3xk2mzv7yb4e\.table\.core\.windows\.net/);
  });

  it('default each tuning parameter to what the app does when the setting is absent', () => {
    expect(parseConfig(deployed)).toEqual({
      ...parseConfig({}),
      storageConnectionString: deployed.AzureWebJobsStorage,
    });
    expect(autoUpgradeSchedule(deployed)).toBe(autoUpgradeSchedule({}));
  });
});
