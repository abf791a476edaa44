import type { Settings } from './settings.schema';

/** ARM tags that steer the simulated cluster: any ARM client can set them with a tags PATCH. */
export const SIM_TAGS = {
  controlPlaneSeconds: 'sim-control-plane-seconds',
  nodeSeconds: 'sim-node-seconds',
  failNext: 'sim-fail-next',
  failCode: 'sim-fail-code',
} as const;

/** Failure code used when `sim-fail-next` is set without `sim-fail-code`. */
export const DEFAULT_FAIL_CODE = 'UpgradeFailed';

/** Timing of one cluster, in simulated seconds. */
export interface ClusterTiming {
  controlPlaneSeconds: number;
  /** Seconds per node of the named pool (`sim-node-seconds-<pool>` beats `sim-node-seconds`). */
  nodeSeconds(pool: string): number;
}

export function timingOf(tags: Record<string, string>, settings: Settings): ClusterTiming {
  const nodeDefault = nonNegative(tags[SIM_TAGS.nodeSeconds]) ?? settings.nodeSeconds;
  return {
    controlPlaneSeconds: nonNegative(tags[SIM_TAGS.controlPlaneSeconds]) ?? settings.controlPlaneSeconds,
    nodeSeconds: (pool) => nonNegative(tagIgnoringCase(tags, `${SIM_TAGS.nodeSeconds}-${pool}`)) ?? nodeDefault,
  };
}

/** How many of the next upgrade operations must fail (0 when the tag is absent or invalid). */
export function failNextOf(tags: Record<string, string>): number {
  const n = nonNegative(tags[SIM_TAGS.failNext]);
  return n === undefined ? 0 : Math.floor(n);
}

export function failCodeOf(tags: Record<string, string>): string {
  const code = tags[SIM_TAGS.failCode]?.trim();
  return code ? code : DEFAULT_FAIL_CODE;
}

/** Tags after one planned failure has been consumed (the counter is decremented, 0 removes it). */
export function consumeFailure(tags: Record<string, string>): Record<string, string> {
  const remaining = failNextOf(tags) - 1;
  const next = { ...tags };
  if (remaining > 0) next[SIM_TAGS.failNext] = String(remaining);
  else delete next[SIM_TAGS.failNext];
  return next;
}

function nonNegative(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function tagIgnoringCase(tags: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(tags).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : tags[key];
}
