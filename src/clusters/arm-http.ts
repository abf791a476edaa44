import type { ContainerServiceClient } from '@azure/arm-containerservice';
import type { HttpHeaders, HttpMethods, PipelineRequest, RawHttpHeaders } from '@azure/core-rest-pipeline';
import { randomUUID } from 'node:crypto';
import { ArmHttpError } from './cluster-errors';
import { parseRetryAfterSeconds } from './retry-after';

/** Case-insensitive headers for requests we build ourselves (core-rest-pipeline is only a type dependency). */
class RequestHeaders implements HttpHeaders {
  private readonly map = new Map<string, { name: string; value: string }>();

  constructor(init: Record<string, string>) {
    for (const [name, value] of Object.entries(init)) this.set(name, value);
  }
  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.value;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string | number | boolean): void {
    this.map.set(name.toLowerCase(), { name, value: String(value) });
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  toJSON(options: { preserveCase?: boolean } = {}): RawHttpHeaders {
    const out: RawHttpHeaders = {};
    for (const [key, { name, value }] of this.map) out[options.preserveCase ? name : key] = value;
    return out;
  }
  *[Symbol.iterator](): Iterator<[string, string]> {
    for (const [key, { value }] of this.map) yield [key, value];
  }
}

/** A raw ARM answer: status, headers and the parsed JSON body (undefined when empty). */
export interface ArmResponse {
  status: number;
  headers: HttpHeaders;
  body: unknown;
}

function parseBody(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorOf(status: number, body: unknown): { code: string; message: string } {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    code: typeof error?.code === 'string' ? error.code : `Http${status}`,
    message: typeof error?.message === 'string' ? error.message : `ARM answered HTTP ${status}.`,
  };
}

/**
 * Sends one request through the client's own pipeline (auth, retry, throttling and logging policies apply) and
 * throws ArmHttpError for 4xx/5xx. Used where the SDK cannot: pinned nodeImageVersion (read-only in the 2025-02-01
 * models) and Azure-AsyncOperation polls.
 */
export async function sendArmRequest(
  client: ContainerServiceClient,
  method: HttpMethods,
  url: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ArmResponse> {
  const { body } = options;
  const request: PipelineRequest = {
    url,
    method,
    headers: new RequestHeaders({
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    }),
    timeout: 0,
    withCredentials: false,
    requestId: randomUUID(),
    allowInsecureConnection: new URL(url).protocol === 'http:',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  };
  const response = await client.sendRequest(request);
  const parsed = parseBody(response.bodyAsText);
  if (response.status >= 400) {
    const { code, message } = errorOf(response.status, parsed);
    throw new ArmHttpError(response.status, code, message, parseRetryAfterSeconds(response.headers));
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
