/** Something that carries response headers: a PipelineResponse's HttpHeaders or a plain record. */
type HeaderSource = { get(name: string): string | undefined | null } | Record<string, string | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | undefined | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : record[key];
}

/**
 * Milliseconds to wait from `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or an HTTP date);
 * undefined when none is present or parseable.
 */
export function parseRetryAfterMs(headers: HeaderSource, now: number = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(header(headers, name));
    if (header(headers, name) !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = header(headers, 'retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** parseRetryAfterMs in whole seconds (rounded up), as back-offs and error texts carry it. */
export function parseRetryAfterSeconds(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const ms = parseRetryAfterMs(headers, now);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

/** Retry-After of an error: its own `retryAfterSeconds`, else the headers of its `response` (RestError). */
export function retryAfterFromError(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { retryAfterSeconds?: unknown; response?: { headers?: unknown } };
  if (typeof e.retryAfterSeconds === 'number') return e.retryAfterSeconds;
  const headers = e.response?.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  return parseRetryAfterSeconds(headers as HeaderSource);
}
