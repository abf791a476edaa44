import { useEffect, useState } from 'preact/hooks';
import { arm } from './arm.js';
import { RunActions } from './run-actions.js';
import { RunTree, type SkipKey } from './run-tree.js';
import { fleetId, href, type FleetPath } from './route.js';
import type { GateStatus, UpdateRun } from './types.js';
import { elapsed, ErrorBox, StateBadge, useLoad, useNow } from './ui.js';

/** How often the page reads a run that is moving, and one that is not. */
const ACTIVE_REFRESH_MS = 1500;
const IDLE_REFRESH_MS = 10_000;
const ACTIVE = new Set(['Running', 'Pending', 'Stopping']);

export function upgradeSummary(run: UpdateRun): string {
  const { upgrade, nodeImageSelection } = run.properties.managedClusterUpdate;
  const version = upgrade.kubernetesVersion ? ` to ${upgrade.kubernetesVersion}` : '';
  return `${upgrade.type}${version}, node image ${nodeImageSelection?.type ?? 'Latest'}`;
}

/** One run: its live tree, refreshed while it moves, with start, stop, skip and gate approvals. */
export function RunView({ fleet, name }: { fleet: FleetPath; name: string }) {
  const path = `${fleetId(fleet)}/updateRuns/${name}`;
  const { data: run, error, reload } = useLoad(() => arm<UpdateRun>('GET', path), [path]);
  const [selected, setSelected] = useState<ReadonlySet<SkipKey>>(new Set());
  const [actionError, setActionError] = useState<unknown>(undefined);
  const now = useNow();
  const state = run?.properties.status?.status.state;
  useEffect(() => {
    const timer = setTimeout(reload, state && ACTIVE.has(state) ? ACTIVE_REFRESH_MS : IDLE_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [run, error]);

  const approve = (gate: GateStatus) => {
    if (!gate.gateId) return;
    arm('PATCH', gate.gateId, { properties: { state: 'Completed' } }).then(
      () => (setActionError(undefined), reload()),
      setActionError,
    );
  };
  const select = (key: SkipKey, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(key);
    else next.delete(key);
    setSelected(next);
  };
  const status = run?.properties.status;
  return (
    <section aria-labelledby="run-title">
      <p>
        <a href={href(fleet, 'runs')}>‹ All update runs</a>
      </p>
      <h2 id="run-title">
        Update run {name} {status ? <StateBadge state={status.status.state} /> : null}
      </h2>
      <ErrorBox error={error} />
      {run ? (
        <>
          <p class="summary">
            {upgradeSummary(run)}
            {run.properties.updateStrategyId ? ` · strategy ${run.properties.updateStrategyId.split('/').pop()}` : ''}
            {status?.status.startTime
              ? ` · ran ${elapsed(status.status.startTime, status.status.completedTime, now)}`
              : ''}
            {status?.status.error?.message ? <span class="error"> · {status.status.error.message}</span> : null}
          </p>
          <RunActions
            path={path}
            state={state}
            selected={selected}
            onDone={(failure) => {
              setActionError(failure);
              if (failure === undefined) setSelected(new Set());
              reload();
            }}
          />
          <ErrorBox error={actionError} />
          {status ? (
            <RunTree stages={status.stages} now={now} selected={selected} onSelect={select} onApprove={approve} />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
