import { useEffect, useState } from 'preact/hooks';
import { arm, fieldErrors, listAll } from './arm.js';
import { fleetId, href, type FleetPath } from './route.js';
import { FieldError, newStage, StageEditor, stageDraftOf, stageOf, type StageDraft } from './stage-editor.js';
import type { RegionVersions, UpdateStrategy } from './types.js';
import { ErrorBox, useLoad } from './ui.js';
import { UpgradeFields, type Draft } from './upgrade-fields.js';

/** What the form needs from the API: the members' update groups, the strategies, and the versions AKS offers. */
function useFormData(fleet: FleetPath) {
  return useLoad(async () => {
    const base = fleetId(fleet);
    const [members, strategies, regions] = await Promise.all([
      listAll<{ properties: { group?: string } }>(`${base}/members`),
      listAll<UpdateStrategy>(`${base}/updateStrategies`),
      arm<{ value: RegionVersions[] }>('GET', `${base}/kubernetesVersions`).then((r) => r.value),
    ]);
    const groups = [...new Set(members.flatMap((m) => (m.properties.group ? [m.properties.group] : [])))].sort();
    return { groups, strategies, regions };
  }, [fleetId(fleet)]);
}

/** The doc's create form: one by one or stages, upgrade scope and version, node image, save as strategy. */
export function RunForm({ fleet, params }: { fleet: FleetPath; params: URLSearchParams }) {
  const strategyOnly = params.get('kind') === 'strategy';
  const { data, error: loadError } = useFormData(fleet);
  const [draft, setDraft] = useState<Draft>({
    name: '',
    mode: strategyOnly ? 'stages' : 'one-by-one',
    stages: [],
    upgradeType: 'Full',
    kubernetesVersion: '',
    nodeImage: 'Latest',
    saveAsStrategy: false,
    strategyName: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const copyFrom = (name: string) => {
    const strategy = data?.strategies.find((s) => s.name === name);
    if (strategy)
      setDraft((d) => ({ ...d, mode: 'stages', stages: strategy.properties.strategy.stages.map(stageDraftOf) }));
  };
  useEffect(() => copyFrom(params.get('strategy') ?? ''), [data]);
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const setStage = (i: number, stage: StageDraft) => set({ stages: draft.stages.map((s, j) => (j === i ? stage : s)) });
  // The API's field errors name stages by position: once stages move or go, they no longer point at the right one.
  const move = (i: number, by: -1 | 1) => {
    setErrors({});
    const stages = [...draft.stages];
    const [moved] = stages.splice(i, 1);
    if (moved) stages.splice(i + by, 0, moved);
    set({ stages });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    const base = fleetId(fleet);
    const strategy = { stages: draft.stages.map(stageOf) };
    try {
      if (strategyOnly || draft.saveAsStrategy) {
        const name = strategyOnly ? draft.name : draft.strategyName;
        await arm(
          'PUT',
          `${base}/updateStrategies/${encodeURIComponent(name)}`,
          { properties: { strategy } },
          {
            'If-None-Match': '*',
          },
        );
        if (strategyOnly) return void (location.hash = href(fleet, 'strategies'));
      }
      const upgrade = {
        type: draft.upgradeType,
        ...(draft.upgradeType !== 'NodeImageOnly' ? { kubernetesVersion: draft.kubernetesVersion } : {}),
      };
      const sequence =
        draft.mode === 'one-by-one'
          ? {}
          : draft.saveAsStrategy
            ? { updateStrategyId: `${base}/updateStrategies/${draft.strategyName}` }
            : { strategy };
      const body = {
        properties: { ...sequence, managedClusterUpdate: { upgrade, nodeImageSelection: { type: draft.nodeImage } } },
      };
      await arm('PUT', `${base}/updateRuns/${encodeURIComponent(draft.name)}`, body, { 'If-None-Match': '*' });
      location.hash = href(fleet, 'run', draft.name);
    } catch (error) {
      setErrors(fieldErrors(error));
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const what = strategyOnly ? 'update strategy' : 'update run';
  return (
    <section aria-labelledby="form-title">
      <h2 id="form-title">Create {what}</h2>
      <ErrorBox error={loadError} />
      <form class="run-form" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          Name
          <input value={draft.name} required onInput={(e) => set({ name: e.currentTarget.value })} />
        </label>
        {!strategyOnly ? (
          <fieldset>
            <legend>Update sequence</legend>
            <label class="check">
              <input
                type="radio"
                name="mode"
                checked={draft.mode === 'one-by-one'}
                onChange={() => set({ mode: 'one-by-one' })}
              />
              One by one
            </label>
            <label class="check">
              <input
                type="radio"
                name="mode"
                checked={draft.mode === 'stages'}
                onChange={() => set({ mode: 'stages' })}
              />
              Stages
            </label>
          </fieldset>
        ) : null}
        {draft.mode === 'stages' ? (
          <>
            <label>
              Copy from existing strategy
              <select value="" onChange={(e) => copyFrom(e.currentTarget.value)}>
                <option value="">(choose a strategy)</option>
                {(data?.strategies ?? []).map((s) => (
                  <option key={s.name}>{s.name}</option>
                ))}
              </select>
            </label>
            {draft.stages.map((stage, i) => (
              <StageEditor
                key={stage.key}
                stage={stage}
                index={i}
                count={draft.stages.length}
                groups={data?.groups ?? []}
                errors={errors}
                onChange={(s) => setStage(i, s)}
                onMove={(by) => move(i, by)}
                onRemove={() => (setErrors({}), set({ stages: draft.stages.filter((_, j) => j !== i) }))}
              />
            ))}
            <FieldError errors={errors} path="properties.strategy.stages" />
            <button
              type="button"
              onClick={() => set({ stages: [...draft.stages, newStage(`stage${draft.stages.length + 1}`)] })}
            >
              + Create stage
            </button>
          </>
        ) : null}
        {!strategyOnly ? <UpgradeFields draft={draft} set={set} errors={errors} regions={data?.regions ?? []} /> : null}
        <ErrorBox error={failure} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            Create
          </button>
          <a class="button" href={href(fleet, strategyOnly ? 'strategies' : 'runs')}>
            Cancel
          </a>
        </div>
      </form>
    </section>
  );
}
