import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler receives: decoded path params, query and the raw request. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** `http://host:port` as the client addressed us, for absolute Location headers. */
  origin: string;
  path: string;
}

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

/** Matches `/a/{b}/c` templates; literal segments compare case-insensitively, as ARM does. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), segments: split(template), handler });
    return this;
  }

  match(
    method: string,
    path: string,
  ): { handler: RouteHandler; params: Record<string, string> } | 'method' | undefined {
    const segments = split(path);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method.toUpperCase()) return { handler: route.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const expected = template[i] ?? '';
    let value: string;
    try {
      value = decodeURIComponent(actual[i] ?? '');
    } catch {
      return undefined;
    }
    if (expected.startsWith('{') && expected.endsWith('}')) params[expected.slice(1, -1)] = value;
    else if (expected.toLowerCase() !== value.toLowerCase()) return undefined;
  }
  return params;
}
