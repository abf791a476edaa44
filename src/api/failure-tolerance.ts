import { z } from 'zod';
import { INT32_MAX } from './common.schema';

/** `"N"` (a count, 0 or more) or `"N%"` (a share of the stage's or group's members, 0% to 100%). */
const MAX_ALLOWED_FAILURES_PATTERN = /^(?:(0|[1-9]\d*)|(0|[1-9]\d?|100)%)$/;

/** How many member failures a stage or group tolerates before it stops starting new work (2026-06-01). */
export const MaxAllowedFailuresSchema = z
  .string()
  .regex(
    MAX_ALLOWED_FAILURES_PATTERN,
    "must be a whole number of members ('2') or a percentage from 0% to 100% ('25%')",
  )
  .refine((value) => value.endsWith('%') || Number(value) <= INT32_MAX, `must be at most ${INT32_MAX}`);

/**
 * The number of failures a stage or group of `population` members tolerates. A percentage is resolved with the
 * ceiling (25% of 5 → 2), as Fleet does at run creation; unset means fail-fast (0). A count is kept as given, even
 * above the population: it then never stops the segment, which is what the user asked for.
 */
export function resolveMaxAllowedFailures(value: string | undefined, population: number): number {
  if (value === undefined) return 0;
  const match = MAX_ALLOWED_FAILURES_PATTERN.exec(value);
  if (!match) throw new RangeError(`maxAllowedFailures '${value}' is neither "N" nor "N%"`);
  const [, count, percent] = match;
  if (count !== undefined) return Number(count);
  return Math.ceil((Number(percent) * population) / 100);
}
