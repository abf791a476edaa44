import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcHttpData, RpcNullableString, RpcTypedData } from '../host/core-types';

export interface RpcRequestInput {
  req: IncomingMessage;
  /** Absolute URL with the public origin; `createCheckStatusResponse` copies its origin. */
  url: string;
  params: Record<string, string>;
  body: Buffer;
}

function nullable(entries: Iterable<[string, string]>): Record<string, RpcNullableString> {
  const out: Record<string, RpcNullableString> = {};
  for (const [key, value] of entries) out[key] = { value };
  return out;
}

/** Header values per lower-cased name, repeated headers joined with ',' as ASP.NET's StringValues does. */
function headerEntries(req: IncomingMessage): [string, string][] {
  const grouped = new Map<string, string[]>();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    const value = req.rawHeaders[i + 1] ?? '';
    // The worker announces IgnoreEmptyValuedRpcHttpHeaders, so the host drops empty values.
    if (value === '') continue;
    grouped.set(name, [...(grouped.get(name) ?? []), value]);
  }
  return [...grouped].map(([name, values]) => [name, values.join(',')]);
}

function queryEntries(url: URL): [string, string][] {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  return [...grouped].map(([key, values]) => [key, values.join(',')]);
}

/**
 * The RpcHttp the host sends to a Node worker that announced UseNullableValueDictionaryForHttp,
 * RpcHttpBodyOnly and RawHttpBodyBytes (durable-host-protocol.md §1.7).
 */
export function toRpcHttpRequest(input: RpcRequestInput): RpcTypedData {
  const { req } = input;
  const http: RpcHttpData = {
    method: req.method ?? 'GET',
    url: input.url,
    nullableHeaders: nullable(headerEntries(req)),
    nullableQuery: nullable(queryEntries(new URL(input.url))),
    nullableParams: nullable(Object.entries(input.params)),
  };
  const length = Number(req.headers['content-length'] ?? 0);
  const chunked = /chunked/i.test(req.headers['transfer-encoding'] ?? '');
  if (length > 0 || chunked) http.body = { bytes: input.body };
  return { http };
}

interface RpcCookie {
  name?: string;
  value?: string;
  domain?: { value?: string | null } | null;
  path?: { value?: string | null } | null;
  expires?: { value?: { seconds?: number | string | null } | null } | null;
  secure?: { value?: boolean | null } | null;
  httpOnly?: { value?: boolean | null } | null;
  sameSite?: string | number | null;
  maxAge?: { value?: number | string | null } | null;
}

const SAME_SITE: Record<string, string> = {
  lax: 'Lax',
  strict: 'Strict',
  explicitnone: 'None',
  '1': 'Lax',
  '2': 'Strict',
  '3': 'None',
};

/** One Set-Cookie value as ASP.NET Core writes it (the value is escaped like Uri.EscapeDataString). */
export function toSetCookie(cookie: RpcCookie): string {
  const parts = [`${cookie.name ?? ''}=${encodeURIComponent(cookie.value ?? '')}`];
  const seconds = Number(cookie.expires?.value?.seconds ?? NaN);
  if (Number.isFinite(seconds)) parts.push(`expires=${new Date(seconds * 1000).toUTCString()}`);
  const maxAge = cookie.maxAge?.value;
  if (maxAge != null && maxAge !== '') parts.push(`max-age=${Number(maxAge)}`);
  if (cookie.domain?.value) parts.push(`domain=${cookie.domain.value}`);
  parts.push(`path=${cookie.path?.value || '/'}`);
  if (cookie.secure?.value) parts.push('secure');
  const sameSite = SAME_SITE[String(cookie.sameSite ?? '').toLowerCase()];
  if (sameSite) parts.push(`samesite=${sameSite.toLowerCase()}`);
  if (cookie.httpOnly?.value) parts.push('httponly');
  return parts.join('; ');
}

function bodyBytes(body: RpcTypedData | null | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  const bytes = body.bytes ?? body.stream;
  if (bytes) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (body.string != null) return Buffer.from(body.string, 'utf8');
  if (body.json != null) return Buffer.from(body.json, 'utf8');
  if (body.int != null) return Buffer.from(String(body.int));
  if (body.double != null) return Buffer.from(String(body.double));
  return Buffer.alloc(0);
}

/** Writes the function's RpcHttp (or, when it returned none, 200 with an empty body) to the node response. */
export function writeRpcHttpResponse(res: ServerResponse, http: RpcHttpData | undefined): void {
  if (!http) {
    res.writeHead(200, { 'content-length': '0' }).end();
    return;
  }
  const status = Number.parseInt(http.statusCode ?? '200', 10);
  for (const [name, value] of Object.entries(http.headers ?? {})) {
    if (value != null) res.setHeader(name, value);
  }
  const cookies = (http.cookies ?? []).map((cookie) => toSetCookie(cookie as RpcCookie));
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.statusCode = Number.isInteger(status) && status >= 100 && status <= 999 ? status : 500;
  const body = bodyBytes(http.body);
  if (res.statusCode === 204 || res.statusCode === 304) {
    res.removeHeader('content-length');
    res.end();
    return;
  }
  res.setHeader('content-length', String(body.length));
  res.end(body);
}
