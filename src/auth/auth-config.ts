import { z } from 'zod';

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const SCOPE = /^\/subscriptions\/[0-9a-f-]{36}(\/resourceGroups\/[-\p{L}\p{N}_.()]+)?$/iu;

const AuthEnvSchema = z
  .object({
    /** `none` (default): no caller is checked, as locally. `entra`: every request needs a verified Entra ID caller. */
    AUTH_MODE: z.enum(['none', 'entra']).default('none'),
    /** The Entra ID tenant whose tokens are accepted. */
    AUTH_TENANT_ID: z.guid().optional(),
    /** Accepted `aud` values, comma-separated: the API's app id URI and/or its client id. */
    AUTH_AUDIENCE: z.string().optional(),
    /** The Entra ID authority host (another cloud's, e.g. https://login.microsoftonline.us). */
    AUTH_AUTHORITY: z.url({ protocol: /^https$/ }).default('https://login.microsoftonline.com'),
    /** Accepted `iss` values, comma-separated; default: the tenant's v2.0 and v1.0 issuers. */
    AUTH_ISSUERS: z.string().optional(),
    /** Where the signing keys are; default: the tenant's OpenID keys under the authority. */
    AUTH_JWKS_URI: z.url({ protocol: /^https?$/ }).optional(),
    /** Trust App Service Authentication's `x-ms-client-principal` (only where the platform runs it: see below). */
    AUTH_TRUST_APP_SERVICE: z.stringbool().default(false),
    /** Set by App Service itself when its Authentication (EasyAuth) is on; an app setting cannot fake the platform. */
    WEBSITE_AUTH_ENABLED: z.stringbool().default(false),
    /** Subscriptions or resource groups (ARM ids, comma-separated) whose clusters may join a fleet; empty: any. */
    ALLOWED_CLUSTER_SCOPES: z
      .string()
      .optional()
      .refine((text) => list(text).every((scope) => SCOPE.test(scope)), {
        message: 'each scope must be /subscriptions/{id} or /subscriptions/{id}/resourceGroups/{name}',
      }),
  })
  .refine((env) => env.AUTH_MODE !== 'entra' || (env.AUTH_TENANT_ID && list(env.AUTH_AUDIENCE).length > 0), {
    message: 'AUTH_MODE=entra needs AUTH_TENANT_ID and AUTH_AUDIENCE',
    path: ['AUTH_MODE'],
  });

/** How callers are authenticated and which clusters may join; parsed once from the environment. */
export type AuthConfig =
  | { mode: 'none'; allowedClusterScopes: string[] }
  | {
      mode: 'entra';
      tenantId: string;
      audiences: string[];
      issuers: string[];
      jwksUri: string;
      authority: string;
      /** Read `x-ms-client-principal`: AUTH_TRUST_APP_SERVICE=true and the platform says EasyAuth runs. */
      trustAppService: boolean;
      allowedClusterScopes: string[];
    };

export function parseAuthConfig(env: NodeJS.ProcessEnv): AuthConfig {
  const parsed = AuthEnvSchema.parse(env);
  const allowedClusterScopes = list(parsed.ALLOWED_CLUSTER_SCOPES);
  if (parsed.AUTH_MODE === 'none') return { mode: 'none', allowedClusterScopes };
  const tenantId = parsed.AUTH_TENANT_ID ?? '';
  const authority = parsed.AUTH_AUTHORITY.replace(/\/+$/, '');
  const issuers = list(parsed.AUTH_ISSUERS);
  return {
    mode: 'entra',
    tenantId,
    audiences: list(parsed.AUTH_AUDIENCE),
    issuers: issuers.length > 0 ? issuers : [`${authority}/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`],
    jwksUri: parsed.AUTH_JWKS_URI ?? `${authority}/${tenantId}/discovery/v2.0/keys`,
    authority,
    trustAppService: parsed.AUTH_TRUST_APP_SERVICE && parsed.WEBSITE_AUTH_ENABLED,
    allowedClusterScopes,
  };
}

let current: AuthConfig | undefined;

/** The process's authentication settings (its own module: src/config.ts keeps the engine's settings). */
export function getAuthConfig(): AuthConfig {
  current ??= parseAuthConfig(process.env);
  return current;
}

/** Replaces the settings (tests, a host that configures the app in-process); undefined reads the environment again. */
export function setAuthConfig(config: AuthConfig | undefined): void {
  current = config;
}
