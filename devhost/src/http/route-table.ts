import { toRequestPath } from './request-path';
import { compareRoutePrecedence, parseRouteTemplate, type RouteTemplate } from './route-template';

export type AuthLevel = 'anonymous' | 'function' | 'admin';

/** One HTTP-triggered function as the router sees it. */
export interface HttpRoute {
  functionName: string;
  template: RouteTemplate;
  /** Upper-case methods; undefined = every method. */
  methods: ReadonlySet<string> | undefined;
  authLevel: AuthLevel;
}

export interface RouteMatch {
  route: HttpRoute;
  params: Record<string, string>;
}

export interface HttpRouteInput {
  functionName: string;
  route?: string | null;
  methods?: readonly string[] | null;
  authLevel?: string | null;
}

function toAuthLevel(value: string | null | undefined, functionName: string): AuthLevel {
  const level = (value ?? 'function').toLowerCase();
  if (level === 'anonymous' || level === 'function' || level === 'admin') return level;
  // 'system' and 'user' exist in the host; the devhost treats them as needing the master key.
  if (level === 'system' || level === 'user') return 'admin';
  throw new Error(`Function '${functionName}' has an unknown authLevel '${value}'`);
}

/** The HTTP routes of an app, sorted by ASP.NET Core precedence; the first route that matches wins. */
export class RouteTable {
  readonly routes: HttpRoute[];

  constructor(routePrefix: string, inputs: HttpRouteInput[]) {
    const prefix = routePrefix.replace(/^\/+|\/+$/g, '');
    this.routes = inputs.map((input) => {
      const route = (input.route ?? input.functionName).replace(/^\/+/, '');
      const text = prefix && route ? `${prefix}/${route}` : prefix || route;
      let template: RouteTemplate;
      try {
        template = parseRouteTemplate(text);
      } catch (error) {
        throw new Error(`Function '${input.functionName}': ${(error as Error).message}`, { cause: error });
      }
      const methods =
        input.methods && input.methods.length > 0 ? new Set(input.methods.map((m) => m.toUpperCase())) : undefined;
      return {
        functionName: input.functionName,
        template,
        methods,
        authLevel: toAuthLevel(input.authLevel, input.functionName),
      };
    });
    // Array.prototype.sort is stable, so equal templates keep registration order.
    this.routes.sort((a, b) => compareRoutePrecedence(a.template, b.template));
  }

  /** The first route whose template and method constraint both accept the request; a wrong method is no match. */
  find(method: string, path: string): RouteMatch | undefined {
    const upper = method.toUpperCase();
    const requestPath = toRequestPath(path);
    for (const route of this.routes) {
      if (route.methods && !route.methods.has(upper)) continue;
      const params = route.template.matchPath(requestPath);
      if (params) return { route, params };
    }
    return undefined;
  }
}
