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
/** jq filter printing the run's, stages', waits', groups' and members' states, one per line (or the error answered). */
export const DEMO_JQ_FILTER =
  'if .error then "error \\(.error.code): \\(.error.message)" else (.properties.status | "run: \\(.status.state)", ' +
  '(.stages[] | "  stage \\(.name): \\(.status.state)", ' +
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
  created: string[];
  /** A run name the demo fleet does not use yet (`demo-run`, then `demo-run-2`, …), for the banner's commands. */
  runName: string;
}

/** A stage as the update strategy API takes it. */
export interface DemoStage {
  name: string;
  groups: Array<{ name: string }>;
  afterStageWaitInSeconds?: number;
}

/** Stages of the walkthrough's example-stages.json: `group-1x` in stage1, `group-2x` in stage2. */
export function demoStages(groups: string[]): DemoStage[] {
  const stageOf = (group: string): string => `stage${/^group-(\d+)/.exec(group)?.[1] ?? '1'}`;
  const stages = new Map<string, string[]>();
  for (const group of groups) stages.set(stageOf(group), [...(stages.get(stageOf(group)) ?? []), group]);
  return [...stages.keys()].sort().map((name, index, all) => ({
    name,
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

/** GET, and PUT only on 404: a re-run keeps whatever the developer changed since (groups, stages, waits). */
async function ensureResource(appUrl: string, path: string, body: unknown): Promise<boolean> {
  const existing = await call(appUrl, 'GET', path);
  if (existing.ok) return false;
  if (existing.status !== 404) throw new Error(`GET ${path}: ${existing.status} ${await existing.text()}`);
  const put = await call(appUrl, 'PUT', path, body);
  if (!put.ok) throw new Error(`PUT ${path}: ${put.status} ${await put.text()}`);
  return true;
}

/**
 * Seeds the walkthrough's demo: five clusters in the simulator, then through the app's own ARM API a fleet, one
 * member per cluster in the cluster's update group, and a staged update strategy. Idempotent.
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
  if (await ensureResource(options.appUrl, fleetPath, { location: DEMO_LOCATION, tags: { demo: 'true' } })) {
    created.push(`fleet ${DEMO_FLEET}`);
  }
  for (const member of members) {
    const body = { properties: { clusterResourceId: member.clusterResourceId, group: member.group } };
    if (await ensureResource(options.appUrl, `${fleetPath}/members/${member.name}`, body)) {
      created.push(`member ${member.name}`);
    }
  }
  const strategy = { stages: demoStages(members.map((member) => member.group)) };
  if (
    await ensureResource(options.appUrl, `${fleetPath}/updateStrategies/${DEMO_STRATEGY}`, { properties: { strategy } })
  ) {
    created.push(`updateStrategy ${DEMO_STRATEGY}`);
  }

  const strategyId = `${fleetPath}/updateStrategies/${DEMO_STRATEGY}`;
  const runName = await freeRunName(options.appUrl, fleetPath);
  return { subscriptionId, resourceGroup, fleetPath, strategyId, members, created, runName };
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

/** Where things run, for the banner. */
export interface BannerInput {
  appUrl: string;
  simulatorUrl: string;
  /** What storage is, in words (never the connection string: it may hold a key). */
  storage: string;
  seed?: DemoSeed;
}

/** The run body the banner and the README suggest. */
export function demoRunBody(strategyId: string): string {
  return JSON.stringify({
    properties: {
      updateStrategyId: strategyId,
      managedClusterUpdate: {
        upgrade: { type: 'Full', kubernetesVersion: DEMO_KUBERNETES_VERSION },
        nodeImageSelection: { type: 'Latest' },
      },
    },
  });
}

/** What runs where, what the demo holds, and copy-paste commands to create, start and watch an update run. */
export function demoBanner({ appUrl, simulatorUrl, storage, seed }: BannerInput): string {
  const lines = [
    '',
    'Fleet update orchestrator (local)',
    `  App, ARM API    ${appUrl}   (health: ${appUrl}/healthz)`,
    `  AKS simulator   ${simulatorUrl}   (upgrade log: ${simulatorUrl}/simulator/operations)`,
    `  Storage         ${storage}`,
    '',
  ];
  if (!seed) return [...lines, 'Demo seed skipped (DEMO_SEED=0).', '', 'Stop with Ctrl+C.', ''].join('\n');
  const groups = (stage: { groups: Array<{ name: string }> }): string => stage.groups.map((g) => g.name).join(', ');
  const stages = demoStages(seed.members.map((member) => member.group))
    .map(
      (stage) =>
        `${stage.name} [${groups(stage)}]${stage.afterStageWaitInSeconds ? ` → wait ${stage.afterStageWaitInSeconds} s` : ''}`,
    )
    .join(' → ');
  const fleet = `${appUrl}${seed.fleetPath}`;
  const query = `?api-version=${DEMO_API_VERSION}`;
  lines.push(
    `Demo (subscription ${seed.subscriptionId}, resource group ${seed.resourceGroup}):`,
    `  fleet            ${DEMO_FLEET}`,
    `  members          ${seed.members.map((member) => `${member.name} (${member.group})`).join(', ')}`,
    `  update strategy  ${DEMO_STRATEGY}: ${stages}`,
    `  ${seed.created.length > 0 ? `created now: ${seed.created.join(', ')}` : 'all of it was already there (kept as is)'}`,
    '',
    'Try: create an update run from the strategy, start it, watch it:',
    '',
    `  F=${fleet}`,
    `  curl -s -X PUT "$F/updateRuns/${seed.runName}${query}" -H 'content-type: application/json' \\`,
    `    -d '${demoRunBody(seed.strategyId)}'`,
    `  curl -s -X POST "$F/updateRuns/${seed.runName}/start${query}"`,
    `  JQ='${DEMO_JQ_FILTER}'`,
    `  while sleep 2; do clear; curl -s "$F/updateRuns/${seed.runName}${query}" | jq -r "$JQ"; done`,
    '',
    'Stop with Ctrl+C (data stays in storage; the next start keeps it).',
    '',
  );
  return lines.join('\n');
}
