import type { z } from 'zod';
import { fromZodError } from '../api/error-response';

/** Validates a request body; every issue becomes a details[] entry whose target is the field path. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}
