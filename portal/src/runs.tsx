import { useEffect } from 'preact/hooks';
import { listAll } from './arm.js';
import { fleetId, href, type FleetPath } from './route.js';
import { upgradeSummary } from './run-view.js';
import type { UpdateRun, UpdateStrategy } from './types.js';
import { ErrorBox, StateBadge, useLoad } from './ui.js';

const REFRESH_MS = 5000;

/** Members finished (Completed or Skipped) of all members of the run. */
export function progress(run: UpdateRun): { done: number; total: number } {
  const members = (run.properties.status?.stages ?? []).flatMap((s) => s.groups.flatMap((g) => g.members));
  const done = members.filter((m) => m.status.state === 'Completed' || m.status.state === 'Skipped').length;
  return { done, total: members.length };
}

/** The Multi-cluster update page's Runs tab. */
export function Runs({ fleet }: { fleet: FleetPath }) {
  const {
    data: runs,
    error,
    reload,
  } = useLoad(() => listAll<UpdateRun>(`${fleetId(fleet)}/updateRuns`), [fleetId(fleet)]);
  useEffect(() => {
    const timer = setTimeout(reload, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [runs, error]);
  return (
    <section aria-labelledby="runs-title">
      <h2 id="runs-title">Update runs</h2>
      <p>
        <a class="button primary" href={href(fleet, 'create')}>
          + Create
        </a>
      </p>
      <ErrorBox error={error} />
      {runs && runs.length === 0 ? <p>No update runs yet.</p> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col">Progress</th>
              <th scope="col">Upgrade</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {(runs ?? []).map((run) => {
              const { done, total } = progress(run);
              const status = run.properties.status?.status;
              return (
                <tr key={run.name}>
                  <th scope="row">
                    <a href={href(fleet, 'run', run.name)}>{run.name}</a>
                  </th>
                  <td>
                    <StateBadge state={status?.state} />
                  </td>
                  <td>
                    <progress max={Math.max(total, 1)} value={done} aria-label={`${run.name} progress`} /> {done}/
                    {total}
                  </td>
                  <td>{upgradeSummary(run)}</td>
                  <td>{status?.startTime ? new Date(status.startTime).toLocaleString() : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The Strategies tab: each strategy's stages, and a run or a copy made from it. */
export function Strategies({ fleet }: { fleet: FleetPath }) {
  const { data, error } = useLoad(
    () => listAll<UpdateStrategy>(`${fleetId(fleet)}/updateStrategies`),
    [fleetId(fleet)],
  );
  return (
    <section aria-labelledby="strategies-title">
      <h2 id="strategies-title">Update strategies</h2>
      <p>
        <a class="button primary" href={href(fleet, 'create', undefined, { kind: 'strategy' })}>
          + Create
        </a>
      </p>
      <ErrorBox error={error} />
      {data && data.length === 0 ? <p>No strategies yet.</p> : null}
      <ul class="cards">
        {(data ?? []).map((s) => (
          <li key={s.name} class="card">
            <h3>{s.name}</h3>
            <ol>
              {s.properties.strategy.stages.map((stage) => (
                <li key={stage.name}>
                  {stage.name}: {stage.groups.map((g) => g.name).join(', ')}
                  {stage.afterStageWaitInSeconds ? `, then wait ${stage.afterStageWaitInSeconds}s` : ''}
                </li>
              ))}
            </ol>
            <a href={href(fleet, 'create', undefined, { strategy: s.name })}>Create a run from it</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
