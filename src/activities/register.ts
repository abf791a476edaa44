// Registers every activity with the Functions host, wired to the real ports (Table Storage, the AKS ARM client).
import { getArmClusterClient } from '../clusters/cluster-config';
import { getConfig } from '../config';
import type { RunRef } from '../orchestrators/contracts';
import { getStores } from '../storage/stores';
import { runTelemetry } from '../telemetry/telemetry';
import { registerGateActivities } from './gate.activities';
import { registerGroupActivities } from './group.activities';
import type { StatusWriter } from './member-rows';
import { registerMemberUpdateActivities, type ControlReader, type RowReader } from './member-update.activities';
import { registerRunStoreActivities } from './run-store.activities';
import { registerStageActivities, type MemberReader } from './stage.activities';
import { TransitionLogger, type LogSink } from './transition-logger';

const fleetOf = (run: RunRef) => ({
  subscriptionId: run.subscriptionId,
  resourceGroupName: run.resourceGroupName,
  fleetName: run.fleetName,
});
/** This process's memory of the transitions it has logged: one for every activity, so none is told twice. */
const transitions = new TransitionLogger({ telemetry: runTelemetry() });
/** The status writer of one invocation: stores the rows, then logs their transitions in the invocation's log. */
const writeRowsTo =
  (log: LogSink): StatusWriter =>
  async (run, rows) => {
    await (await getStores()).runStatus.write(fleetOf(run), run.runName, rows);
    transitions.written(log, run, rows);
  };
const readControl: ControlReader = async (run) =>
  (await (await getStores()).runControl.get(fleetOf(run), run.runName)).control;
const readRow: RowReader = async (run, at) => (await getStores()).runStatus.readRow(fleetOf(run), run.runName, at);
const readMembers: MemberReader = async (run) =>
  (await (await getStores()).runStatus.read(fleetOf(run), run.runName))?.planned ?? [];

registerRunStoreActivities(transitions);
registerGateActivities(async (log) => ({ stores: await getStores(), writeRows: writeRowsTo(log) }));
registerStageActivities((log) => ({
  client: getArmClusterClient(),
  writeRows: writeRowsTo(log),
  readControl,
  readMembers,
}));
registerMemberUpdateActivities((log) => ({
  client: getArmClusterClient(),
  writeRows: writeRowsTo(log),
  readControl,
  readRow,
  inlinePollSeconds: getConfig().memberInlinePollSeconds,
}));
registerGroupActivities(async (log) => ({
  client: getArmClusterClient(),
  members: (await getStores()).groupMembers,
  writeRows: writeRowsTo(log),
  readControl,
}));
