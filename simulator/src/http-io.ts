import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArmError } from './errors';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Reads and JSON-parses a request body; an empty body is `undefined`. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new ArmError('InvalidRequestContent', 'The request body is too large.');
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ArmError('InvalidRequestContent', 'The request content was not valid JSON.');
  }
}

/** Writes a JSON response (or an empty one when body is undefined). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': Buffer.byteLength(payload),
    'x-ms-request-id': cryptoRandomId(),
    ...headers,
  });
  res.end(payload);
}

/** The one place that writes error responses; unknown errors become a generic 500. */
export function sendError(res: ServerResponse, error: unknown, headers: Record<string, string> = {}): void {
  if (error instanceof ArmError) {
    sendJson(res, error.status, error.toBody(), headers);
    return;
  }
  console.error('[aks-simulator] unexpected error', error);
  sendJson(res, 500, { error: { code: 'InternalServerError', message: 'An unexpected error occurred.' } }, headers);
}

function cryptoRandomId(): string {
  return globalThis.crypto.randomUUID();
}
