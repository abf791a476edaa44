/**
 * The devhost's HTTP front end, following the Functions host (durable-host-protocol.md §1.7, §2.1):
 * - routes: `/{routePrefix}/{route}` in ASP.NET Core precedence; a method not in `methods` is no match, so 404.
 * - a handler that throws gives 500 with an empty body; one that returns nothing gives 200 with an empty body
 *   (the host falls back to OkResult).
 * - `/admin/host/status` (GET, master key when auth is on) and `/admin/host/ping` (always 200, readiness);
 *   every other `/admin/*` path is 404. `/runtime/webhooks/durabletask/*` goes to the Durable extension; when auth
 *   is on, only with the durabletask_extension system key (or the master key), as Azure, and the app's durable
 *   clients get URLs that carry it (durable-keys.ts).
 * - bodies over 100 MB are refused with 413 before the function runs.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DurableExtension } from '../durable/extension';
import type { RpcHttpData } from '../host/core-types';
import type { FunctionHost } from '../host/function-host';
import type { DevhostLogger } from '../log';
import { isAuthorized, isDurableAuthorized, presentedKey, type HostKeys } from './auth';
import { requireKeyInDurableClients } from './durable-keys';
import { hasRequestBody, toRpcHttpRequest, writeRpcHttpResponse } from './rpc-http';
import type { AuthLevel, RouteTable } from './route-table';

/**
 * How long an idle keep-alive connection stays open. Node's default (5 s) races clients that reuse a pooled socket
 * as it closes: they get ECONNRESET, and the Azure SDK retries only after about a second.
 */
const KEEP_ALIVE_MS = 120_000;

/** The host's default request body limit (Kestrel MaxRequestBodySize as the Functions host sets it). */
export const MAX_REQUEST_BODY_BYTES = 100 * 1024 * 1024;

const DURABLE_PREFIX = '/runtime/webhooks/durabletask';

/** What the server routes to once the app is loaded. */
export interface HttpApp {
  functionHost: FunctionHost;
  routes: RouteTable;
  durable?: DurableExtension;
  /** Undefined = auth disabled (every request is Admin, as under `func start` without --enableAuth). */
  keys?: HostKeys;
}

export interface DevhostServerOptions {
  logger: DevhostLogger;
  maxBodyBytes?: number;
}

class BodyTooLarge extends Error {}

const EMPTY_BODY = Buffer.alloc(0);

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function sendStatus(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status, { 'content-length': '0' }).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The HTTP front end of the devhost: function routes, `/admin/*` and the Durable webhook paths. */
export class DevhostServer {
  readonly server: http.Server;
  #app: HttpApp | undefined;
  readonly #logger: DevhostLogger;
  readonly #maxBodyBytes: number;
  readonly #startedAt = process.hrtime.bigint();

  constructor(options: DevhostServerOptions) {
    this.#logger = options.logger;
    this.#maxBodyBytes = options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
    this.server = http.createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        this.#logger.error(`HTTP ${req.method} ${req.url} failed in the devhost: ${String(error)}`);
        sendStatus(res, 500);
      });
    });
    // Idle client connections stay open as the Functions front end keeps them (see KEEP_ALIVE_MS).
    this.server.keepAliveTimeout = KEEP_ALIVE_MS;
    this.server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  }

  /** Listens before the app loads so the port (and WEBSITE_HOSTNAME) is known; answers 503 until `attach`. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  attach(app: HttpApp): void {
    if (app.keys && app.durable) requireKeyInDurableClients(app.functionHost, app.keys.durableTaskKey);
    this.#app = app;
  }

  detach(): void {
    this.#app = undefined;
  }

  close(graceMs = 2000): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => this.server.closeAllConnections(), graceMs).unref();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.#maxBodyBytes) {
      res.setHeader('connection', 'close');
      return sendStatus(res, 413);
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const path = url.pathname;
    const lower = path.toLowerCase();
    this.#logger.debug(`HTTP ${req.method} ${req.url}`);
    const app = this.#app;
    if (lower === '/admin/host/ping') return sendStatus(res, 200);
    if (!app) return sendStatus(res, 503, { state: 'Initializing' });
    const key = presentedKey(req.headers['x-functions-key'], url);
    if (lower.startsWith('/admin/')) return this.#admin(req, res, lower, app, key);
    if (lower === DURABLE_PREFIX || lower.startsWith(`${DURABLE_PREFIX}/`)) {
      if (!app.durable) return sendStatus(res, 404);
      if (app.keys && !isDurableAuthorized(key, app.keys)) return sendStatus(res, 401);
      const body = await this.#body(req, res);
      if (!body) return;
      const subpath = path.slice(DURABLE_PREFIX.length).replace(/^\/+/, '');
      return app.durable.handleManagementRequest(req, res, subpath, body);
    }
    const match = app.routes.find(req.method ?? 'GET', path);
    if (!match) return sendStatus(res, 404);
    if (!this.#authorized(match.route.authLevel, key, app)) return sendStatus(res, 401);
    const body = await this.#body(req, res);
    if (!body) return;
    const trigger = toRpcHttpRequest({ req, url, params: match.params, body });
    const result = await app.functionHost.invoke(match.route.functionName, { trigger });
    if (!result.ok) return sendStatus(res, 500);
    writeRpcHttpResponse(res, this.#httpOutput(app.functionHost, match.route.functionName, result.response));
  }

  #authorized(level: AuthLevel, key: string | undefined, app: HttpApp): boolean {
    return !app.keys || isAuthorized(level, key, app.keys);
  }

  async #body(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    // Without a length or chunks there is nothing to wait for; Node discards the empty stream at the response's end.
    if (!hasRequestBody(req)) return EMPTY_BODY;
    try {
      return await readBody(req, this.#maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      res.setHeader('connection', 'close');
      sendStatus(res, 413);
      return undefined;
    }
  }

  #admin(req: IncomingMessage, res: ServerResponse, path: string, app: HttpApp, key: string | undefined): void {
    if (path !== '/admin/host/status' || req.method !== 'GET') return sendStatus(res, 404);
    if (!this.#authorized('admin', key, app)) return sendStatus(res, 401);
    const uptimeMs = Number(process.hrtime.bigint() - this.#startedAt) / 1e6;
    sendStatus(res, 200, { state: 'Running', processUptime: Math.round(uptimeMs) });
  }

  /** The `$return` http value, or an http output binding the function set through extraOutputs. */
  #httpOutput(
    host: FunctionHost,
    functionName: string,
    response: {
      returnValue?: { http?: RpcHttpData | null } | null;
      outputData?: { name: string; data?: { http?: RpcHttpData | null } }[];
    },
  ): RpcHttpData | undefined {
    if (response.returnValue?.http) return response.returnValue.http;
    const bindings = host.functions.get(functionName)?.metadata.bindings ?? {};
    for (const output of response.outputData ?? []) {
      if ((bindings[output.name]?.type ?? '').toLowerCase() === 'http' && output.data?.http) return output.data.http;
    }
    return undefined;
  }
}
