import { DEMO_API_VERSION, DEMO_FLEET, DEMO_JQ_FILTER, DEMO_KUBERNETES_VERSION, DEMO_STRATEGY } from './demo-seed';
import type { DemoSeed, DemoStage } from './demo-seed';

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

/** `stage1 [group-1a, …] → wait 30 s → approval "Approve stage2" → stage2 […]`: the stored strategy, in one line. */
function describeStages(stages: DemoStage[]): string {
  return stages
    .map((stage) =>
      [
        ...(stage.beforeGates ?? []).map((gate) => `approval "${gate.displayName ?? 'unnamed'}"`),
        `${stage.name} [${stage.groups.map((group) => group.name).join(', ')}]`,
        ...(stage.afterStageWaitInSeconds ? [`wait ${stage.afterStageWaitInSeconds} s`] : []),
      ].join(' → '),
    )
    .join(' → ');
}

/** Commands listing the fleet's Pending gates and approving the run's (the README shows the same). */
function approveCommands(query: string, runName: string): string[] {
  const pending = `"\\$filter=state eq Pending and target/updateRunProperties/name eq '${runName}'"`;
  return [
    `  curl -s -G "$F/gates${query}" --data-urlencode '$filter=state eq Pending'`,
    `  G=$(curl -fsS -G "$F/gates${query}" --data-urlencode ${pending} | jq -r '.value[0].name')`,
    `  curl -s -X PATCH "$F/gates/$G${query}" -H 'content-type: application/json' -d '{"properties":{"state":"Completed"}}'`,
  ];
}

/** What runs where, what the demo holds, and copy-paste commands to create, start, watch and approve an update run. */
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
  const fleet = `${appUrl}${seed.fleetPath}`;
  const query = `?api-version=${DEMO_API_VERSION}`;
  const gated = seed.stages.some((stage) => (stage.beforeGates ?? []).length > 0);
  lines.push(
    `Demo (subscription ${seed.subscriptionId}, resource group ${seed.resourceGroup}):`,
    `  fleet            ${DEMO_FLEET}`,
    `  members          ${seed.members.map((member) => `${member.name} (${member.group})`).join(', ')}`,
    `  update strategy  ${DEMO_STRATEGY}: ${describeStages(seed.stages)}`,
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
    ...(gated
      ? [
          `A stage with an approval gate waits (the run shows Pending) until someone approves it: list the Pending`,
          `gates, then approve the run's (gates need api-version ${DEMO_API_VERSION}):`,
          '',
          ...approveCommands(query, seed.runName),
          '',
        ]
      : []),
    'Stop with Ctrl+C (data stays in storage; the next start keeps it).',
    '',
  );
  return lines.join('\n');
}
