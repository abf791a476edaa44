import fs from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';

/**
 * A stages document as `--stages` takes it (the product doc's example-stages.json): stages of groups, each as the
 * API takes it; fields the CLI does not check (maxConcurrency, gates, …) go to the API as written.
 */
const StagesSchema = z.looseObject({
  stages: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        groups: z.array(z.looseObject({ name: z.string().min(1) })).min(1),
        afterStageWaitInSeconds: z.number().int().min(0).optional(),
      }),
    )
    .min(1),
});
export type Stages = z.infer<typeof StagesSchema>;

/** `--stages`: a path to a JSON file, or the JSON itself (az fleet 1.6.1+). */
export function parseStages(value: string): Stages {
  const inline = value.trimStart().startsWith('{');
  let text = value;
  if (!inline) {
    try {
      text = fs.readFileSync(value, 'utf8');
    } catch (error) {
      throw new InvalidArgumentError(`cannot read ${value}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`${inline ? 'the JSON' : value} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = StagesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidArgumentError(`${issue?.path.join('.') || 'stages'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export const TARGET_TYPES = ['Member', 'Group', 'Stage', 'AfterStageWait'] as const;
export interface SkipTarget {
  type: (typeof TARGET_TYPES)[number];
  name: string;
}

/** One `--targets` value, `Type:name` with exactly one colon and a case-sensitive type. */
export function parseTarget(value: string, previous: SkipTarget[] | undefined): SkipTarget[] {
  const parts = value.split(':');
  const type = TARGET_TYPES.find((t) => t === parts[0]);
  if (parts.length !== 2 || type === undefined || parts[1] === '') {
    throw new InvalidArgumentError(
      `invalid target '${value}': targets must be of the form 'targetType:targetName' such as Group:MyGroup, ` +
        `with a target type among ${TARGET_TYPES.map((t) => `'${t}'`).join(', ')} (case-sensitive).`,
    );
  }
  return [...(previous ?? []), { type, name: parts[1] ?? '' }];
}

/** `--custom-node-image-versions`: comma-separated node image versions. */
export function parseVersions(value: string): Array<{ version: string }> {
  const versions = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (versions.length === 0) throw new InvalidArgumentError('give at least one node image version');
  return versions.map((version) => ({ version }));
}

/** A positive number of seconds (`--interval`, `--timeout`). */
export function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number of seconds`);
  return n;
}
