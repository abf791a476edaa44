import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The parts of host.json the devhost reads (durable-host-protocol.md §7). */
export interface HostSettings {
  routePrefix: string;
  hubName: string;
  /** `extensions.durableTask`, raw, with `%Setting%` references resolved. */
  durableTask: Record<string, unknown>;
}

const HostJson = z.looseObject({
  version: z.string().optional(),
  extensions: z
    .looseObject({
      http: z.looseObject({ routePrefix: z.string().optional() }).optional(),
      durableTask: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

const LocalSettings = z.looseObject({
  IsEncrypted: z.boolean().optional(),
  Values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  ConnectionStrings: z.record(z.string(), z.string()).optional(),
  Host: z.looseObject({ LocalHttpPort: z.number().optional() }).optional(),
});
export type LocalSettings = z.infer<typeof LocalSettings>;

/** Replaces each `%Name%` with the app setting (environment variable) of that name; an unknown name throws. */
export function resolveSettingReferences(value: string, env: NodeJS.ProcessEnv = process.env): string {
  return value.replace(/%([^%]+)%/g, (_whole, name: string) => {
    const setting = env[name];
    if (setting === undefined) throw new Error(`The app setting '${name}' (referenced as %${name}%) is not set`);
    return setting;
  });
}

function resolveDeep(value: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof value === 'string') return resolveSettingReferences(value, env);
  if (Array.isArray(value)) return value.map((item) => resolveDeep(item, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveDeep(item, env)]));
  }
  return value;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads `<appDir>/host.json`; a missing file means the defaults (`api` prefix, hub `TestHubName`). */
export function readHostSettings(appDir: string, env: NodeJS.ProcessEnv = process.env): HostSettings {
  const file = path.join(appDir, 'host.json');
  const parsed = fs.existsSync(file) ? HostJson.parse(readJson(file)) : {};
  const durableTask = resolveDeep(parsed.extensions?.durableTask ?? {}, env) as Record<string, unknown>;
  const routePrefix = resolveSettingReferences(parsed.extensions?.http?.routePrefix ?? 'api', env);
  const configuredHub = typeof durableTask.hubName === 'string' ? durableTask.hubName : undefined;
  // DEVHOST_TASK_HUB lets several devhosts (tests, demos) share one storage account without sharing a hub.
  const hubName = env.DEVHOST_TASK_HUB || configuredHub || env.WEBSITE_SITE_NAME || 'TestHubName';
  return { routePrefix, hubName, durableTask };
}

/** Reads `<appDir>/local.settings.json` if present. */
export function readLocalSettings(appDir: string): LocalSettings | undefined {
  const file = path.join(appDir, 'local.settings.json');
  if (!fs.existsSync(file)) return undefined;
  const settings = LocalSettings.parse(readJson(file));
  if (settings.IsEncrypted) throw new Error(`${file} is encrypted; the devhost reads plain settings only`);
  return settings;
}

/**
 * Copies `Values` (and `ConnectionStrings` as `ConnectionStrings:<name>`) into `env` unless already set,
 * as Core Tools does. Returns the names it set.
 */
export function applyLocalSettings(
  settings: LocalSettings | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const applied: string[] = [];
  const set = (name: string, value: string): void => {
    if (env[name] !== undefined) return;
    env[name] = value;
    applied.push(name);
  };
  for (const [name, value] of Object.entries(settings?.Values ?? {})) set(name, String(value));
  for (const [name, value] of Object.entries(settings?.ConnectionStrings ?? {}))
    set(`ConnectionStrings:${name}`, value);
  return applied;
}
