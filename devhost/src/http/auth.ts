import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AuthLevel } from './route-table';

/**
 * The host's keys as the devhost emulates them: one master key (Admin), one default host function key, and the
 * Durable extension's system key (`durabletask_extension`), which guards `/runtime/webhooks/durabletask`.
 */
export interface HostKeys {
  masterKey: string;
  functionKey: string;
  durableTaskKey: string;
}

export const KEYS_FILE = path.join('.data', 'devhost-keys.json');

const StoredKeys = z.object({
  masterKey: z.string().min(1),
  functionKey: z.string().min(1),
  // Files written before the Durable API was guarded have none: one is added on the next start.
  durableTaskKey: z.string().min(1).optional(),
});

function newKey(): string {
  // Same alphabet and length class as the host's generated keys, URL-safe so `?code=` needs no escaping.
  return randomBytes(40).toString('base64url');
}

/**
 * Keys from `DEVHOST_MASTER_KEY` / `DEVHOST_FUNCTION_KEY`, else from `<appDir>/.data/devhost-keys.json`,
 * which is created with fresh keys on first use so they survive restarts.
 */
export function loadHostKeys(appDir: string, env: NodeJS.ProcessEnv = process.env): HostKeys {
  const file = path.join(appDir, KEYS_FILE);
  let read: z.infer<typeof StoredKeys> | undefined;
  if (fs.existsSync(file)) {
    const parsed = StoredKeys.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) read = parsed.data;
  }
  const stored: HostKeys = {
    masterKey: read?.masterKey ?? newKey(),
    functionKey: read?.functionKey ?? newKey(),
    durableTaskKey: read?.durableTaskKey ?? newKey(),
  };
  if (read?.durableTaskKey === undefined) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  }
  return {
    masterKey: env.DEVHOST_MASTER_KEY || stored.masterKey,
    functionKey: env.DEVHOST_FUNCTION_KEY || stored.functionKey,
    durableTaskKey: env.DEVHOST_DURABLETASK_KEY || stored.durableTaskKey,
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The key a request presents: the `x-functions-key` header wins over the `code` query parameter. */
export function presentedKey(headerValue: string | string[] | undefined, url: URL): string | undefined {
  const header = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  if (header) return header;
  return url.searchParams.get('code') || undefined;
}

/** Whether `key` grants `required` (SecretManager order: master key → Admin, function key → Function). */
export function isAuthorized(required: AuthLevel, key: string | undefined, keys: HostKeys): boolean {
  if (required === 'anonymous') return true;
  if (key === undefined) return false;
  if (same(key, keys.masterKey)) return true;
  return required === 'function' && same(key, keys.functionKey);
}

/** Whether `key` opens the Durable management API: the durabletask_extension system key or the master key. */
export function isDurableAuthorized(key: string | undefined, keys: HostKeys): boolean {
  return key !== undefined && (same(key, keys.durableTaskKey) || same(key, keys.masterKey));
}
