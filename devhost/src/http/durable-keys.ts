import type { FunctionHost } from '../host/function-host';

/**
 * Azure keeps the Durable management API (`/runtime/webhooks/durabletask/*`: start, raise, terminate, purge any
 * instance) behind the `durabletask_extension` system key, and hands the app's durable client URLs that carry it as
 * `code=`. With --enable-auth the devhost does the same: its server refuses those paths without this key (or the
 * master key), and the client data of every durableClient binding carries it.
 */
export function requireKeyInDurableClients(host: FunctionHost, key: string): void {
  for (const type of ['durableclient', 'orchestrationclient']) {
    const provide = host.inputProviders.get(type);
    if (!provide) continue;
    host.inputProviders.set(type, (binding, functionName) => {
      const data = provide(binding, functionName);
      return typeof data?.string === 'string' ? { ...data, string: withKey(data.string, key) } : data;
    });
  }
}

/** The client data JSON with `code=<key>` on every creation and management URL, as Azure's host writes it. */
export function withKey(clientData: string, key: string): string {
  const data = JSON.parse(clientData) as Record<string, unknown>;
  const code = `code=${encodeURIComponent(key)}`;
  const signed = (url: unknown): unknown => {
    if (typeof url !== 'string' || !url.includes('://')) return url;
    return `${url}${url.includes('?') ? '&' : '?'}${code}`;
  };
  for (const group of ['creationUrls', 'managementUrls']) {
    const urls = data[group];
    if (urls && typeof urls === 'object') {
      for (const [name, url] of Object.entries(urls)) (urls as Record<string, unknown>)[name] = signed(url);
    }
  }
  data.requiredQueryStringParameters = code;
  return JSON.stringify(data);
}
