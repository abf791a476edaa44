import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcHttpData, RpcNullableString, RpcTypedData } from '../host/core-types';

export interface RpcRequestInput {
  req: IncomingMessage;
  /** Absolute URL with the public origin; `createCheckStatusResponse` copies its origin. */
  url: URL;
  params: Record<string, string>;
  body: Buffer;
}

/** Values per key as the host's nullable dictionaries carry them, repeated keys joined with ',' (ASP.NET StringValues). */
class JoinedValues {
  readonly #values = new Map<string, string>();

  add(key: string, value: string): void {
    const prior = this.#values.get(key);
    this.#values.set(key, prior === undefined ? value : `${prior},${value}`);
  }

  toNullable(): Record<string, RpcNullableString> {
    const out: Record<string, RpcNullableString> = {};
    for (const [key, value] of this.#values) out[key] = { value };
    return out;
  }
}

/** Header values per lower-cased name; the worker announces IgnoreEmptyValuedRpcHttpHeaders, so empty ones go. */
function headersOf(req: IncomingMessage): Record<string, RpcNullableString> {
  const headers = new JoinedValues();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const value = req.rawHeaders[i + 1] ?? '';
    if (value !== '') headers.add((req.rawHeaders[i] ?? '').toLowerCase(), value);
  }
  return headers.toNullable();
}

function queryOf(url: URL): Record<string, RpcNullableString> {
  const query = new JoinedValues();
  for (const [key, value] of url.searchParams) query.add(key, value);
  return query.toNullable();
}

/** Whether the request carries a body: a Content-Length above 0, or chunked transfer coding (RFC 9112 §6.3). */
export function hasRequestBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || /chunked/i.test(req.headers['transfer-encoding'] ?? '');
}

/**
 * The RpcHttp the host sends to a Node worker that announced UseNullableValueDictionaryForHttp,
 * RpcHttpBodyOnly and RawHttpBodyBytes (durable-host-protocol.md §1.7).
 */
export function toRpcHttpRequest(input: RpcRequestInput): RpcTypedData {
  const { req } = input;
  const params: Record<string, RpcNullableString> = {};
  for (const [key, value] of Object.entries(input.params)) params[key] = { value };
  const http: RpcHttpData = {
    method: req.method ?? 'GET',
    url: input.url.href,
    nullableHeaders: headersOf(req),
    nullableQuery: queryOf(input.url),
    nullableParams: params,
  };
  if (hasRequestBody(req)) http.body = { bytes: input.body };
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
