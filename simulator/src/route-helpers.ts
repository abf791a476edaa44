import type { z } from 'zod';
import { operationResultPath, operationStatusPath } from './arm-shapes';
import { ArmError, fromZodError } from './errors';
import type { RouteContext } from './router';
import type { Settings } from './settings.schema';
import type { OperationRecord } from './state.schema';

/** Parses untrusted input with zod; failures become ARM 400s with one detail per issue. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): T {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, prefix);
  return result.data;
}

/** ARM requires `api-version`; any value is accepted (the simulator speaks the 2025-02-01 shapes). */
export function apiVersionOf(ctx: RouteContext): string {
  const version = ctx.query.get('api-version');
  if (!version) {
    throw new ArmError(
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  return version;
}

/** Azure-AsyncOperation, Location and Retry-After for a started long-running operation. */
export function asyncHeaders(ctx: RouteContext, op: OperationRecord, settings: Settings): Record<string, string> {
  const query = `?api-version=${encodeURIComponent(apiVersionOf(ctx))}`;
  return {
    'azure-asyncoperation': `${ctx.origin}${operationStatusPath(op)}${query}`,
    location: `${ctx.origin}${operationResultPath(op)}${query}`,
    'retry-after': String(settings.pollRetryAfterSeconds),
  };
}

/** One page of a list, with an absolute `nextLink` carrying `$skipToken` when more remain. */
export function page<T>(ctx: RouteContext, items: T[], pageSize: number): { value: T[]; nextLink?: string } {
  const skip = Math.max(0, Number(ctx.query.get('$skipToken') ?? '0') || 0);
  const value = items.slice(skip, skip + pageSize);
  if (skip + pageSize >= items.length) return { value };
  const query = new URLSearchParams(ctx.query);
  query.set('$skipToken', String(skip + pageSize));
  return { value, nextLink: `${ctx.origin}${ctx.path}?${query.toString()}` };
}

/**
 * ARM's optimistic concurrency: a write with If-Match applies only to the resource as the caller read it (`*`: to
 * any existing one), else 412 PreconditionFailed. Without the header the write applies as before.
 */
export function assertIfMatch(
  ctx: RouteContext,
  resource: { id: string; eTag?: string | undefined } | undefined,
): void {
  const header = ctx.req.headers['if-match'];
  const wanted = (Array.isArray(header) ? header.join(',') : header)?.trim();
  if (!wanted) return;
  if (!resource) {
    throw new ArmError(
      'PreconditionFailed',
      'Resource not found but ETag header is provided. If this is a request to create, please do not provide ETag.',
    );
  }
  const tags = wanted.split(',').map((tag) => unquote(tag.trim()));
  if (tags.includes('*') || (resource.eTag !== undefined && tags.includes(resource.eTag))) return;
  throw new ArmError(
    'PreconditionFailed',
    `Etag provided in if-match header ${JSON.stringify(wanted)} does not match etag ${JSON.stringify(resource.eTag ?? '')} of resource ${resource.id}.`,
  );
}

/** An entity tag without its weak prefix and quotes (`W/"abc"` → `abc`). */
function unquote(tag: string): string {
  return tag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}
