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
