import * as df from 'durable-functions';
import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { gateNameFor, type GateDoc, type GateState } from '../api/gate.schema';
import { formatChildId, type FleetRef } from '../api/ids';
import { statusKeys, type RunRef, type StatusWrite } from '../orchestrators/contracts';
import { GateSetInputSchema, type GateSetInput, type GatesRead } from '../orchestrators/gate-contracts';
import { ACTIVITY } from '../orchestrators/names';
import { EntityChangedError } from '../storage/entity-table';
import type { StoredResource } from '../storage/resource-row';
import type { Stores } from '../storage/stores';
import type { StatusWriter } from './member-rows';
import type { LogSink } from './transition-logger';

const ReadGatesInputSchema = GateSetInputSchema.extend({ names: z.array(z.string()) });
const SettleGatesInputSchema = ReadGatesInputSchema.extend({ to: z.enum(['Completed', 'Skipped']) });

const fleetOf = (run: RunRef): FleetRef => ({
  subscriptionId: run.subscriptionId,
  resourceGroupName: run.resourceGroupName,
  fleetName: run.fleetName,
});

/** What the gate activities work on: the stores, and the writer of the run's status rows. */
export interface GatePorts {
  stores: Stores;
  writeRows: StatusWriter;
}

const keyOf = (input: GateSetInput, index: number): string =>
  statusKeys.gate(input.place.timing, input.place.stage, input.place.group, index);

/** The gate's row in the run's status: its state (from the gate resource) and its id. */
function rowOf(fleet: FleetRef, key: string, gate: StoredResource<GateDoc>): StatusWrite {
  const { state } = gate.doc;
  return {
    key,
    gateId: formatChildId({ ...fleet, kind: 'gates', name: gate.meta.name }),
    status: {
      state,
      startTime: gate.meta.systemData.createdAt,
      ...(state !== 'Pending' ? { completedTime: gate.meta.systemData.lastModifiedAt } : {}),
    },
  };
}

/**
 * Creates the gates of a place (Pending) unless they exist, and shows them in the run's status. Their names come
 * from the run and the place, so a replay, a retry or a restart after a crash finds the same gates, approvals kept.
 */
export async function openGates(
  { stores, writeRows }: GatePorts,
  input: GateSetInput,
  now: string,
): Promise<GatesRead> {
  const fleet = fleetOf(input.run);
  const [spec, { control }] = await Promise.all([
    stores.runs.get(fleet, input.run.runName),
    stores.runControl.get(fleet, input.run.runName),
  ]);
  if (!spec) throw new Error(`The update run '${input.run.runName}' no longer exists.`);
  const runId = formatChildId({ ...fleet, kind: 'updateRuns', name: spec.meta.name });
  const { stage, group, timing } = input.place;
  const gates = await Promise.all(
    input.gates.map((gate, index) => {
      const name = gateNameFor(`${runId}|${spec.meta.systemData.createdAt}|${keyOf(input, index)}`);
      const doc: GateDoc = {
        ...(gate.displayName !== undefined ? { displayName: gate.displayName } : {}),
        gateType: 'Approval',
        target: {
          id: runId,
          updateRunProperties: { name: spec.meta.name, stage, ...(group !== undefined ? { group } : {}), timing },
        },
        state: 'Pending',
        statusKey: keyOf(input, index),
      };
      return stores.gates.open(fleet, name, doc, now);
    }),
  );
  await writeRows(
    input.run,
    gates.map((gate, index) => rowOf(fleet, keyOf(input, index), gate)),
  );
  return { names: gates.map((g) => g.meta.name), states: gates.map((g) => g.doc.state), control };
}

async function readAll(stores: Stores, fleet: FleetRef, names: readonly string[]) {
  const gates = await Promise.all(names.map((name) => stores.gates.get(fleet, name)));
  return gates.map((gate, index) => {
    if (!gate) throw new Error(`The gate '${names[index] ?? ''}' no longer exists.`);
    return gate;
  });
}

/** The gates' states now, with the run's intent. */
export async function readGates(stores: Stores, run: RunRef, names: readonly string[]): Promise<GatesRead> {
  const fleet = fleetOf(run);
  const [gates, { control }] = await Promise.all([
    readAll(stores, fleet, names),
    stores.runControl.get(fleet, run.runName),
  ]);
  return { names: [...names], states: gates.map((g) => g.doc.state), control };
}

/** Moves a Pending gate to `state` (a gate a user completed meanwhile stays Completed). */
async function moveFromPending(stores: Stores, fleet: FleetRef, name: string, state: GateState, now: string) {
  for (;;) {
    const [gate] = await readAll(stores, fleet, [name]);
    if (!gate || gate.doc.state !== 'Pending') return;
    try {
      await stores.gates.setState(fleet, gate, state, { now });
      return;
    } catch (error) {
      if (!(error instanceof EntityChangedError)) throw error;
    }
  }
}

/** Ends the wait at a place: the gates are skipped (when what they guard was), and their rows show their end. */
export async function settleGates(
  { stores, writeRows }: GatePorts,
  input: z.infer<typeof SettleGatesInputSchema>,
  now: string,
): Promise<void> {
  const fleet = fleetOf(input.run);
  if (input.to === 'Skipped') {
    await Promise.all(input.names.map((name) => moveFromPending(stores, fleet, name, 'Skipped', now)));
  }
  const gates = await readAll(stores, fleet, input.names);
  await writeRows(
    input.run,
    gates.map((gate, index) => rowOf(fleet, keyOf(input, index), gate)),
  );
}

/** Registers the activities of the gate orchestration over ports built for each invocation, logging to its context. */
export function registerGateActivities(ports: (log: LogSink) => Promise<GatePorts>): void {
  df.app.activity(ACTIVITY.openGates, {
    handler: async (input: unknown, context: InvocationContext) =>
      openGates(await ports(context), GateSetInputSchema.parse(input), new Date().toISOString()),
  });
  df.app.activity(ACTIVITY.readGates, {
    handler: async (input: unknown, context: InvocationContext) => {
      const { run, names } = ReadGatesInputSchema.parse(input);
      return readGates((await ports(context)).stores, run, names);
    },
  });
  df.app.activity(ACTIVITY.settleGates, {
    handler: async (input: unknown, context: InvocationContext) =>
      settleGates(await ports(context), SettleGatesInputSchema.parse(input), new Date().toISOString()),
  });
}
