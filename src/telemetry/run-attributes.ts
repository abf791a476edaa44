import type { Attributes } from '@opentelemetry/api';
import type { RowPlace } from '../activities/transition-log';
import { runInstanceId, type RunRef, type StatusWrite } from '../orchestrators/contracts';

// One vocabulary for the properties of log records and the attributes of spans, so a query that finds a member's
// lines (customDimensions["update_run.member"] in Application Insights) finds its span with the same words.

/** The run's own attributes: every record and span about it carries them. */
export function runAttributes(run: RunRef): Attributes {
  return {
    'fleet.subscription_id': run.subscriptionId,
    'fleet.resource_group': run.resourceGroupName,
    'fleet.name': run.fleetName,
    'update_run.name': run.runName,
    'update_run.instance_id': runInstanceId(run),
  };
}

/** A status row's attributes: its run's, its place in the plan (stage, group, member, gate) and its state. */
export function rowAttributes(run: RunRef, row: StatusWrite, place: RowPlace | undefined): Attributes {
  const attributes: Attributes = { ...runAttributes(run) };
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') attributes[name] = value;
  };
  set('update_run.stage', place?.stage);
  set('update_run.group', place?.group);
  set('update_run.member', place?.member);
  set('update_run.gate', place?.gate);
  set('update_run.state', row.status?.state);
  set('update_run.cluster_resource_id', row.clusterResourceId);
  set('update_run.operation_id', row.operationId);
  set('update_run.error_code', row.status?.error?.code);
  return attributes;
}
