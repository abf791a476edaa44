import { z } from 'zod';
import { DEMO_CLUSTERS, ensureDemoTopology } from '../../simulator/src';

// The demo is a client of the app's ARM API and of the simulator, not part of the deployable app: it lives beside
// start-all (stack/), the one place that composes the devhost, the simulator and the app.

export const DEMO_API_VERSION = '2026-06-01';
export const DEMO_FLEET = 'demo-fleet';
export const DEMO_STRATEGY = 'demo-stages';
export const DEMO_LOCATION = 'eastus';
/** The walkthrough waits an hour after stage 1; a demo wants to see stage 2 start while someone is watching. */
export const DEMO_AFTER_STAGE_WAIT_SECONDS = 30;
/** Offered as an upgrade to every demo cluster: member3 runs 1.30.14 and may not skip a minor. */
export const DEMO_KUBERNETES_VERSION = '1.31.13';
export const DEMO_RUN = 'demo-run';
/**
 * Seeded disabled, on the TargetKubernetesVersion channel at 1.31 (the demo's own minor, which member3 may move to):
 * enabled, the timer starts a run of the demo strategy whenever AKS releases a newer 1.31 patch.
 */
export const DEMO_AUTO_UPGRADE_PROFILE = 'demo-auto';
export const DEMO_AUTO_UPGRADE_MINOR = '1.31';
/** jq filter printing the states of the run, its stages, their gates and waits, groups and members, one per line (or the error answered). */
export const DEMO_JQ_FILTER =
  'if .error then "error \\(.error.code): \\(.error.message)" else (.properties.status | "run: \\(.status.state)", ' +
  '(.stages[] | "  stage \\(.name): \\(.status.state)", ' +
  '(.beforeGates[]? | "    gate \\(.displayName // "before"): \\(.status.state)"), ' +
  '(.groups[] | "    group \\(.name): \\(.status.state)", (.members[] | "      member \\(.name): \\(.status.state) \\(.message // "")")), ' +
  '(.afterStageWaitStatus // empty | "    wait \\(.waitDurationInSeconds)s: \\(.status.state)"))) end';

/** One demo member: its name (= the simulator cluster's), update group and cluster resource id. */
export interface DemoMember {
  name: string;
  group: string;
  clusterResourceId: string;
}

/** What the demo holds once seeded, and which resources this call created (the rest already existed). */
export interface DemoSeed {
  subscriptionId: string;
  resourceGroup: string;
  fleetPath: string;
  strategyId: string;
  members: DemoMember[];
  /** The strategy's stages as stored: the seed's, or what a developer changed them to since. */
  stages: DemoStage[];
  created: string[];
  /** A run name the demo fleet does not use yet (`demo-run`, then `demo-run-2`, …), for the banner's commands. */
  runName: string;
}

/** A stage as the update strategy API takes it (gates: api-version 2026-06-01), and as the seed reads it back. */
const DemoStageSchema = z.object({
  name: z.string(),
  groups: z.array(z.object({ name: z.string() })),
  afterStageWaitInSeconds: z.number().optional(),
  beforeGates: z.array(z.object({ displayName: z.string().optional(), type: z.string() })).optional(),
});
export type DemoStage = z.infer<typeof DemoStageSchema>;
const DemoStrategySchema = z.object({
  properties: z.object({ strategy: z.object({ stages: z.array(DemoStageSchema) }) }),
});

/** The approval a stage after the first waits for, as an admin would put one before production. */
export const demoApprovalGate = (stage: string) => ({ displayName: `Approve ${stage}`, type: 'Approval' });

/**
 * Stages of the walkthrough's example-stages.json: `group-1x` in stage1, `group-2x` in stage2; each stage but the
 * first starts only once its approval gate is approved (the walkthrough has none; the demo shows one).
 */
export function demoStages(groups: string[]): DemoStage[] {
  const stageOf = (group: string): string => `stage${/^group-(\d+)/.exec(group)?.[1] ?? '1'}`;
  const stages = new Map<string, string[]>();
  for (const group of groups) stages.set(stageOf(group), [...(stages.get(stageOf(group)) ?? []), group]);
  return [...stages.keys()].sort().map((name, index, all) => ({
    name,
    ...(index > 0 ? { beforeGates: [demoApprovalGate(name)] } : {}),
    groups: [...new Set(stages.get(name))].map((group) => ({ name: group })),
    ...(index < all.length - 1 ? { afterStageWaitInSeconds: DEMO_AFTER_STAGE_WAIT_SECONDS } : {}),
  }));
}

async function call(appUrl: string, method: 'GET' | 'PUT', path: string, body?: unknown): Promise<Response> {
  return fetch(`${appUrl}${path}?api-version=${DEMO_API_VERSION}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * GET, and PUT only on 404: a re-run keeps whatever the developer changed since (groups, stages, waits, gates).
 * Answers whether it created the resource, and the resource as stored.
 */
async function ensureResource(
  appUrl: string,
  path: string,
  body: unknown,
): Promise<{ created: boolean; resource: unknown }> {
  const existing = await call(appUrl, 'GET', path);
  if (existing.ok) return { created: false, resource: await existing.json() };
  if (existing.status !== 404) throw new Error(`GET ${path}: ${existing.status} ${await existing.text()}`);
  const put = await call(appUrl, 'PUT', path, body);
  if (!put.ok) throw new Error(`PUT ${path}: ${put.status} ${await put.text()}`);
  return { created: true, resource: await put.json() };
}

/**
 * Seeds the walkthrough's demo: five clusters in the simulator, then through the app's own ARM API a fleet, one
 * member per cluster in the cluster's update group, a staged update strategy and a disabled auto-upgrade profile
 * following 1.31. Idempotent.
 */
export async function seedDemo(options: { appUrl: string; simulatorUrl: string }): Promise<DemoSeed> {
  const topology = await ensureDemoTopology(options.simulatorUrl);
  const { subscriptionId, resourceGroup } = topology;
  const fleetPath = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/fleets/${DEMO_FLEET}`;
  const members = DEMO_CLUSTERS.map((cluster) => {
    const clusterResourceId = topology.clusterIds.find((id) => id.toLowerCase().endsWith(`/${cluster.name}`));
    if (!clusterResourceId) throw new Error(`the simulator did not report demo cluster ${cluster.name}`);
    return { name: cluster.name, group: cluster.updateGroup, clusterResourceId };
  });
  const created: string[] = [];
  if ((await ensureResource(options.appUrl, fleetPath, { location: DEMO_LOCATION, tags: { demo: 'true' } })).created) {
    created.push(`fleet ${DEMO_FLEET}`);
  }
  for (const member of members) {
    const body = { properties: { clusterResourceId: member.clusterResourceId, group: member.group } };
    if ((await ensureResource(options.appUrl, `${fleetPath}/members/${member.name}`, body)).created) {
      created.push(`member ${member.name}`);
    }
  }
  const strategyId = `${fleetPath}/updateStrategies/${DEMO_STRATEGY}`;
  const strategy = { stages: demoStages(members.map((member) => member.group)) };
  const stored = await ensureResource(options.appUrl, strategyId, { properties: { strategy } });
  if (stored.created) created.push(`updateStrategy ${DEMO_STRATEGY}`);
  const { stages } = DemoStrategySchema.parse(stored.resource).properties.strategy;
  const profile = {
    properties: {
      channel: 'TargetKubernetesVersion',
      targetKubernetesVersion: DEMO_AUTO_UPGRADE_MINOR,
      updateStrategyId: strategyId,
      disabled: true,
    },
  };
  if (
    (await ensureResource(options.appUrl, `${fleetPath}/autoUpgradeProfiles/${DEMO_AUTO_UPGRADE_PROFILE}`, profile))
      .created
  ) {
    created.push(`autoUpgradeProfile ${DEMO_AUTO_UPGRADE_PROFILE} (disabled)`);
  }

  const runName = await freeRunName(options.appUrl, fleetPath);
  return { subscriptionId, resourceGroup, fleetPath, strategyId, members, stages, created, runName };
}

/** The first of `demo-run`, `demo-run-2`, … that names no update run of the fleet (a second start suggests a new one). */
async function freeRunName(appUrl: string, fleetPath: string): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? DEMO_RUN : `${DEMO_RUN}-${n}`;
    const existing = await call(appUrl, 'GET', `${fleetPath}/updateRuns/${name}`);
    if (existing.status === 404) return name;
    if (!existing.ok) throw new Error(`GET update run ${name}: ${existing.status} ${await existing.text()}`);
  }
}
