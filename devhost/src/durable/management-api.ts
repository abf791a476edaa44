import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DurableEngine } from './engine';
import { InstanceStateError } from './engine';
import { event, EventType } from './history';
import { formatTime, historyView } from './history-view';
import { parseJsonText } from './payload';
import { TERMINAL_STATUSES, type InstanceRecord, type RuntimeStatus } from './store';

// eslint-disable-next-line no-control-regex -- the extension rejects control characters in instance ids
const INVALID_ID = /^@|[/\\#?\u0000-\u001f\u007f]/;
function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...headers });
  res.end(text);
}

const INVALID = Symbol('invalid JSON');

/** A request body as compact JSON text (null when empty), or INVALID. */
function jsonBody(body: Buffer): string | null | typeof INVALID {
  if (body.length === 0) return null;
  try {
    return JSON.stringify(JSON.parse(body.toString('utf8')));
  } catch {
    return INVALID;
  }
}

/** One request to the management API, parsed once. */
interface ManagementRequest {
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
  origin: string;
  query: URLSearchParams;
  parts: string[];
  method: string;
}

/** The Durable HTTP management API (`/runtime/webhooks/durabletask/...`) over the engine. */
export class ManagementApi {
  constructor(
    private readonly engine: DurableEngine,
    private readonly links: (instanceId: string, origin: string) => Record<string, string>,
  ) {}

  async statusOf(record: InstanceRecord, query: URLSearchParams): Promise<Record<string, unknown>> {
    const showInput = query.get('showInput') !== 'false';
    const status: Record<string, unknown> = {
      name: record.name,
      instanceId: record.instanceId,
      runtimeStatus: record.status,
      input: showInput ? parseJsonText(record.input) : null,
      customStatus: parseJsonText(record.customStatus),
      output: parseJsonText(record.output),
      createdTime: formatTime(record.createdTime),
      lastUpdatedTime: formatTime(record.lastUpdatedTime),
    };
    if (query.get('showHistory') === 'true') {
      const loaded = this.engine.instances.get(record.instanceId);
      const history = loaded ? loaded.history : (await this.engine.store.loadPartition(record)).history;
      const view = historyView(history, showInput, query.get('showHistoryOutput') === 'true');
      status.historyEvents = view;
      status.history = view;
    }
    return status;
  }

  async #record(instanceId: string): Promise<InstanceRecord | undefined> {
    return this.engine.instances.get(instanceId)?.record ?? (await this.engine.store.getInstance(instanceId));
  }

  async handle(req: IncomingMessage, res: ServerResponse, subpath: string, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const request: ManagementRequest = {
      req,
      res,
      body,
      origin: `http://${req.headers.host ?? 'localhost'}`,
      query: url.searchParams,
      parts: subpath.split('/').map((p) => decodeURIComponent(p)),
      method: (req.method ?? 'GET').toUpperCase(),
    };
    try {
      const [scope, instanceId, action] = request.parts;
      if (scope === 'orchestrators' && request.method === 'POST' && request.parts[1]) {
        return await this.#start(request, request.parts[1], request.parts[2] || randomUUID().replace(/-/g, ''));
      }
      if (scope !== 'instances') {
        return send(res, 501, {
          Message: `The devhost does not implement ${request.method} /${subpath} (entities are not supported yet)`,
        });
      }
      if (!instanceId) {
        if (request.method === 'GET')
          return await this.#list(res, request.query, req.headers['x-ms-continuation-token']);
        if (request.method === 'DELETE') return await this.#purgeMany(res, request.query);
        return send(res, 404, { Message: 'Not found' });
      }
      if (!action) return await this.#instance(request, instanceId);
      if (request.method !== 'POST') return send(res, 404, { Message: 'Not found' });
      return await this.#action(request, instanceId, action);
    } catch (error) {
      if (error instanceof InstanceStateError) return send(res, error.status, { Message: error.message });
      throw error;
    }
  }

  /** POST orchestrators/{name}[/{instanceId}]: starts an instance. */
  async #start({ res, body, origin }: ManagementRequest, name: string, instanceId: string): Promise<void> {
    if (instanceId.length > 256 || INVALID_ID.test(instanceId))
      return send(res, 400, { Message: `Invalid instance id '${instanceId}'` });
    const input = jsonBody(body);
    if (input === INVALID) return send(res, 400, { Message: 'The request body is not valid JSON.' });
    await this.engine.createInstance(name, instanceId, input, null);
    const links = this.links(instanceId, origin);
    return send(
      res,
      202,
      { id: instanceId, ...links },
      { location: links.statusQueryGetUri ?? '', 'retry-after': '10' },
    );
  }

  /** GET (status) or DELETE (purge) instances/{instanceId}. */
  async #instance({ req, res, method, query, origin }: ManagementRequest, instanceId: string): Promise<void> {
    const record = await this.#record(instanceId);
    if (method === 'GET') {
      if (!record) return send(res, 404, { Message: `No instance with ID '${instanceId}' found.` });
      const status = await this.statusOf(record, query);
      if (TERMINAL_STATUSES.includes(record.status)) {
        const failed = record.status === 'Failed' && query.get('returnInternalServerErrorOnFailure') === 'true';
        return send(res, failed ? 500 : 200, status);
      }
      return send(res, 202, status, { location: `${origin}${req.url ?? ''}`, 'retry-after': '5' });
    }
    if (method === 'DELETE') {
      if (!record) return send(res, 404, { Message: `No instance with ID '${instanceId}' found.` });
      this.engine.instances.delete(instanceId);
      await this.engine.store.purge(instanceId);
      return send(res, 200, { instancesDeleted: 1 });
    }
    return send(res, 404, { Message: 'Not found' });
  }

  /** POST instances/{instanceId}/{action}: raiseEvent, terminate, suspend, resume, restart. */
  async #action(request: ManagementRequest, instanceId: string, action: string): Promise<void> {
    const { req, res, body, query, parts, origin } = request;
    const now = this.engine.clock.now();
    const reason = query.get('reason') ?? '';
    switch (action) {
      case 'raiseEvent': {
        const name = parts[3];
        if (!name) return send(res, 400, { Message: 'An event name is required.' });
        if (!String(req.headers['content-type'] ?? '').includes('application/json') && body.length > 0) {
          return send(res, 400, { Message: 'Only application/json request content is supported' });
        }
        const input = jsonBody(body);
        if (input === INVALID) return send(res, 400, { Message: 'The request body is not valid JSON.' });
        await this.engine.sendEvent(instanceId, event(EventType.EventRaised, now, { Name: name, Input: input }));
        return send(res, 202);
      }
      case 'terminate':
        await this.engine.sendEvent(instanceId, event(EventType.ExecutionTerminated, now, { Input: reason }));
        return send(res, 202);
      case 'suspend':
        await this.engine.sendEvent(instanceId, event(EventType.ExecutionSuspended, now, { Reason: reason }));
        return send(res, 202);
      case 'resume':
        await this.engine.sendEvent(instanceId, event(EventType.ExecutionResumed, now, { Reason: reason }));
        return send(res, 202);
      case 'restart': {
        const record = await this.#record(instanceId);
        if (!record) return send(res, 400, { Message: `No instance with ID '${instanceId}' found.` });
        const newId = query.get('restartWithNewInstanceId') === 'true' ? randomUUID().replace(/-/g, '') : instanceId;
        await this.engine.createInstance(record.name, newId, record.input, null);
        const links = this.links(newId, origin);
        return send(
          res,
          202,
          { id: newId, ...links },
          { location: links.statusQueryGetUri ?? '', 'retry-after': '10' },
        );
      }
      default:
        return send(res, 501, { Message: `The devhost does not implement '${action}'` });
    }
  }

  async #list(res: ServerResponse, query: URLSearchParams, token: string | string[] | undefined): Promise<void> {
    const statuses = (query.get('runtimeStatus') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean) as RuntimeStatus[];
    const from = query.get('createdTimeFrom') ? Date.parse(query.get('createdTimeFrom') ?? '') : -Infinity;
    const to = query.get('createdTimeTo') ? Date.parse(query.get('createdTimeTo') ?? '') : Infinity;
    const prefix = query.get('instanceIdPrefix') ?? '';
    const top = Math.max(1, Math.min(Number(query.get('top') ?? 100) || 100, 1000));
    const all = (await this.engine.store.listInstances(statuses.length > 0 ? statuses : undefined))
      .filter((r) => r.instanceId.startsWith(prefix))
      .filter((r) => Date.parse(r.createdTime) >= from && Date.parse(r.createdTime) <= to)
      .sort((a, b) => a.createdTime.localeCompare(b.createdTime) || a.instanceId.localeCompare(b.instanceId));
    const offset = Number(Array.isArray(token) ? token[0] : token) || 0;
    const page = all.slice(offset, offset + top);
    const next = offset + top < all.length ? String(offset + top) : '';
    const bodies = await Promise.all(page.map((r) => this.statusOf(r, query)));
    send(res, 200, bodies, next ? { 'x-ms-continuation-token': next } : {});
  }

  async #purgeMany(res: ServerResponse, query: URLSearchParams): Promise<void> {
    const fromText = query.get('createdTimeFrom');
    if (!fromText) return send(res, 400, { Message: 'createdTimeFrom is required' });
    const from = Date.parse(fromText);
    const to = query.get('createdTimeTo') ? Date.parse(query.get('createdTimeTo') ?? '') : Infinity;
    const statuses = (query.get('runtimeStatus') ?? '').split(',').filter(Boolean) as RuntimeStatus[];
    const victims = (await this.engine.store.listInstances(statuses.length > 0 ? statuses : undefined)).filter(
      (r) => Date.parse(r.createdTime) >= from && Date.parse(r.createdTime) <= to,
    );
    for (const r of victims) {
      this.engine.instances.delete(r.instanceId);
      await this.engine.store.purge(r.instanceId);
    }
    if (victims.length === 0) return send(res, 404, { Message: 'No instances matched.' });
    send(res, 200, { instancesDeleted: victims.length });
  }
}
