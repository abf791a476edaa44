import { InvalidMaxConcurrencyError } from './errors';

/** ARM pattern for maxConcurrency: a positive integer, or a percentage 1–100 followed by `%`. */
const MAX_CONCURRENCY_PATTERN = /^(?:([1-9]\d*)|([1-9]\d?|100)%)$/;

/** Default Stage maxConcurrency: the ceiling across all Groups of a Stage. */
export const STAGE_MAX_CONCURRENCY_DEFAULT = 50;
/** Highest Stage maxConcurrency ARM accepts. */
export const STAGE_MAX_CONCURRENCY_LIMIT = 50;
/** Default Group maxConcurrency: Members of a Group one at a time. */
export const GROUP_MAX_CONCURRENCY_DEFAULT = 1;

/** A parsed maxConcurrency: an absolute count or a percentage of the Group/Stage size. */
export type MaxConcurrency = { kind: 'count'; count: number } | { kind: 'percent'; percent: number };

/** Parses `"3"` or `"25%"`; throws InvalidMaxConcurrencyError (400) otherwise. */
export function parseMaxConcurrency(value: string, target?: string): MaxConcurrency {
  const match = MAX_CONCURRENCY_PATTERN.exec(value);
  if (!match) {
    throw new InvalidMaxConcurrencyError(value, 'expected a positive integer or a percentage from 1% to 100%', target);
  }
  if (match[1] !== undefined) return { kind: 'count', count: Number(match[1]) };
  return { kind: 'percent', percent: Number(match[2]) };
}

/** True when the string is a well-formed maxConcurrency. */
export function isValidMaxConcurrency(value: string): boolean {
  return MAX_CONCURRENCY_PATTERN.test(value);
}

/** Resolves maxConcurrency to a count for `size` Members: a count as given, a percentage rounded down, at least 1. */
export function resolveMaxConcurrency(value: string | undefined, size: number, fallback: number): number {
  const parsed = value === undefined ? undefined : parseMaxConcurrency(value);
  const raw =
    parsed === undefined
      ? fallback
      : parsed.kind === 'count'
        ? parsed.count
        : Math.floor((size * parsed.percent) / 100);
  return Math.max(1, raw);
}

/**
 * Checks the static limits of a Stage and its Groups: Stage count ≤ 50, and a Group count not above its Stage count.
 * Percentages are checked only for shape because their value depends on Group size.
 */
export function validateStageConcurrency(
  stage: { name: string; maxConcurrency?: string; groups: { name: string; maxConcurrency?: string }[] },
  stageIndex: number,
): void {
  const stageTarget = `strategy.stages[${stageIndex}].maxConcurrency`;
  const stageValue =
    stage.maxConcurrency === undefined ? undefined : parseMaxConcurrency(stage.maxConcurrency, stageTarget);
  if (stageValue?.kind === 'count' && stageValue.count > STAGE_MAX_CONCURRENCY_LIMIT) {
    throw new InvalidMaxConcurrencyError(
      stage.maxConcurrency ?? '',
      `Stage '${stage.name}' allows at most ${STAGE_MAX_CONCURRENCY_LIMIT}`,
      stageTarget,
    );
  }
  stage.groups.forEach((group, groupIndex) => {
    if (group.maxConcurrency === undefined) return;
    const groupTarget = `strategy.stages[${stageIndex}].groups[${groupIndex}].maxConcurrency`;
    const groupValue = parseMaxConcurrency(group.maxConcurrency, groupTarget);
    const stageCeiling = stageValue?.kind === 'count' ? stageValue.count : STAGE_MAX_CONCURRENCY_LIMIT;
    if (groupValue.kind === 'count' && groupValue.count > stageCeiling) {
      throw new InvalidMaxConcurrencyError(
        group.maxConcurrency,
        `Group '${group.name}' cannot exceed the maxConcurrency of Stage '${stage.name}' (${stageCeiling})`,
        groupTarget,
      );
    }
  });
}
