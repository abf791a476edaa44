import { useState } from 'preact/hooks';
import { arm, fieldErrors, listAll } from './arm.js';
import { fleetId, href, type FleetPath } from './route.js';
import { FieldError, invalid } from './stage-editor.js';
import type { AutoUpgradeProfile, UpdateStrategy, UpgradeChannel } from './types.js';
import { ErrorBox, StateBadge, useLoad } from './ui.js';

const CHANNELS: UpgradeChannel[] = ['Stable', 'Rapid', 'NodeImage', 'TargetKubernetesVersion'];

function LastTrigger({ profile }: { profile: AutoUpgradeProfile }) {
  const status = profile.properties.autoUpgradeProfileStatus;
  if (!status?.lastTriggeredAt) return <span class="muted">Not triggered yet</span>;
  return (
    <span>
      <StateBadge
        state={status.lastTriggerStatus === 'Failed' ? 'Failed' : 'Completed'}
        label={status.lastTriggerStatus}
      />{' '}
      {new Date(status.lastTriggeredAt).toLocaleString()}
      {status.lastTriggerUpgradeVersions?.length ? ` · ${status.lastTriggerUpgradeVersions.join(', ')}` : ''}
      {status.lastTriggerError?.message ? <span class="error"> · {status.lastTriggerError.message}</span> : null}
    </span>
  );
}

/** The Auto-upgrade profiles tab: list, create, enable or disable, generate a run, and what each last triggered. */
export function Profiles({ fleet }: { fleet: FleetPath }) {
  const base = `${fleetId(fleet)}/autoUpgradeProfiles`;
  const { data, error, reload } = useLoad(async () => {
    const [profiles, strategies] = await Promise.all([
      listAll<AutoUpgradeProfile>(base),
      listAll<UpdateStrategy>(`${fleetId(fleet)}/updateStrategies`),
    ]);
    return { profiles, strategies };
  }, [base]);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [generated, setGenerated] = useState<string | undefined>(undefined);
  const act = (work: Promise<unknown>) =>
    work.then(
      () => (setActionError(undefined), reload()),
      (failure: unknown) => setActionError(failure),
    );
  const toggle = (p: AutoUpgradeProfile) =>
    // The API ignores the read-only fields of a GET body that is PUT back (the trigger's status among them).
    act(arm('PUT', `${base}/${p.name}`, { properties: { ...p.properties, disabled: !p.properties.disabled } }));
  const generate = (p: AutoUpgradeProfile) =>
    act(arm<{ id: string }>('POST', `${base}/${p.name}/generateUpdateRun`).then((r) => setGenerated(r.id)));
  const runName = generated?.split('/').pop();
  return (
    <section aria-labelledby="profiles-title">
      <h2 id="profiles-title">Auto-upgrade profiles</h2>
      <ErrorBox error={error} />
      <ErrorBox error={actionError} />
      {runName ? (
        <p role="status">
          Generated update run <a href={href(fleet, 'run', runName)}>{runName}</a> (not started).
        </p>
      ) : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Channel</th>
              <th scope="col">Strategy</th>
              <th scope="col">Node image</th>
              <th scope="col">Enabled</th>
              <th scope="col">Last trigger</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(data?.profiles ?? []).map((p) => (
              <tr key={p.name}>
                <th scope="row">{p.name}</th>
                <td>
                  {p.properties.channel}
                  {p.properties.targetKubernetesVersion ? ` ${p.properties.targetKubernetesVersion}` : ''}
                  {p.properties.longTermSupport ? ' (LTS)' : ''}
                </td>
                <td>{p.properties.updateStrategyId?.split('/').pop() ?? <span class="muted">one by one</span>}</td>
                <td>{p.properties.nodeImageSelection?.type ?? 'Latest'}</td>
                <td>{p.properties.disabled ? 'Disabled' : 'Enabled'}</td>
                <td>
                  <LastTrigger profile={p} />
                </td>
                <td class="actions">
                  <button type="button" onClick={() => void toggle(p)}>
                    {p.properties.disabled ? 'Enable' : 'Disable'}
                  </button>
                  <button type="button" onClick={() => void generate(p)}>
                    Generate run
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ProfileForm base={base} strategies={data?.strategies ?? []} onCreated={reload} />
    </section>
  );
}

function ProfileForm({
  base,
  strategies,
  onCreated,
}: {
  base: string;
  strategies: UpdateStrategy[];
  onCreated: () => void;
}) {
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<UpgradeChannel>('Stable');
  const [target, setTarget] = useState('');
  const [strategyId, setStrategyId] = useState('');
  const [nodeImage, setNodeImage] = useState<'Latest' | 'Consistent'>('Latest');
  const [disabled, setDisabled] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const submit = async (event: Event) => {
    event.preventDefault();
    const properties = {
      channel,
      ...(channel === 'TargetKubernetesVersion' ? { targetKubernetesVersion: target } : {}),
      ...(strategyId ? { updateStrategyId: strategyId } : {}),
      nodeImageSelection: { type: nodeImage },
      disabled,
    };
    try {
      await arm('PUT', `${base}/${encodeURIComponent(name)}`, { properties }, { 'If-None-Match': '*' });
      setErrors({});
      setFailure(undefined);
      setName('');
      onCreated();
    } catch (error) {
      setErrors(fieldErrors(error));
      setFailure(error);
    }
  };
  const at = (field: string) => `properties.${field}`;
  return (
    <form class="profile-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Create an auto-upgrade profile</h3>
      <label>
        Name
        <input value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Channel
        <select
          value={channel}
          onChange={(e) => setChannel(e.currentTarget.value as UpgradeChannel)}
          {...invalid(errors, at('channel'))}
        >
          {CHANNELS.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <FieldError errors={errors} path={at('channel')} />
      </label>
      {channel === 'TargetKubernetesVersion' ? (
        <label>
          Target Kubernetes minor version
          <input
            value={target}
            placeholder="1.33"
            onInput={(e) => setTarget(e.currentTarget.value)}
            {...invalid(errors, at('targetKubernetesVersion'))}
          />
          <FieldError errors={errors} path={at('targetKubernetesVersion')} />
        </label>
      ) : null}
      <label>
        Update strategy
        <select
          value={strategyId}
          onChange={(e) => setStrategyId(e.currentTarget.value)}
          {...invalid(errors, at('updateStrategyId'))}
        >
          <option value="">(none: one by one)</option>
          {strategies.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <FieldError errors={errors} path={at('updateStrategyId')} />
      </label>
      <label>
        Node image
        <select value={nodeImage} onChange={(e) => setNodeImage(e.currentTarget.value as 'Latest' | 'Consistent')}>
          <option>Latest</option>
          <option>Consistent</option>
        </select>
      </label>
      <label class="check">
        <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.currentTarget.checked)} />
        Create disabled
      </label>
      <ErrorBox error={failure} />
      <button type="submit" class="primary">
        Create profile
      </button>
    </form>
  );
}
