import { useEffect, useMemo, useState } from 'preact/hooks';
import { arm, type ArmList } from './arm.js';
import type { RegionVersions } from './types.js';
import { fleetId, type FleetPath } from './route.js';
import type { AgentPoolView, MemberCluster } from './types.js';
import { compareVersions, ErrorBox, Pager, useLoad } from './ui.js';
import { VersionChart } from './version-chart.js';

const ROWS_PER_PAGE = 25;

/** A node image's family: its version without the date part (`AKSUbuntu-2204gen2containerd`). */
export function imageFamily(image: string): string {
  return image.replace(/-[\d.]+$/, '');
}

interface Target {
  kubernetesVersion: string;
  nodeImage: string;
}

/** Why a member is behind `target`, or undefined when it is not (or nothing is chosen). */
export function outOfDate(member: MemberCluster, target: Target): string | undefined {
  const { currentKubernetesVersion, agentPools = [] } = member.properties;
  const reasons: string[] = [];
  if (target.kubernetesVersion && currentKubernetesVersion) {
    if (compareVersions(currentKubernetesVersion, target.kubernetesVersion) < 0) reasons.push('control plane');
    const pools = agentPools.filter(
      (p) => compareVersions(p.currentOrchestratorVersion ?? '0', target.kubernetesVersion) < 0,
    );
    if (pools.length > 0) reasons.push(`pools ${pools.map((p) => p.name).join(', ')}`);
  }
  if (target.nodeImage) {
    const family = imageFamily(target.nodeImage);
    const behind = agentPools.filter(
      (p) =>
        p.nodeImageVersion !== undefined &&
        imageFamily(p.nodeImageVersion) === family &&
        compareVersions(p.nodeImageVersion, target.nodeImage) < 0,
    );
    if (behind.length > 0) reasons.push(`node image of ${behind.map((p) => p.name).join(', ')}`);
  }
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** Reads every member's cluster a page at a time, showing each page as it arrives. */
function useMemberClusters(fleet: FleetPath) {
  const [members, setMembers] = useState<MemberCluster[]>([]);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    let live = true;
    setMembers([]);
    setDone(false);
    void (async () => {
      let next: string | undefined = `${fleetId(fleet)}/memberClusters?$top=50`;
      try {
        while (next !== undefined && live) {
          const page: ArmList<MemberCluster> = await arm<ArmList<MemberCluster>>('GET', next);
          if (live) setMembers((current) => [...current, ...page.value]);
          next = page.nextLink;
        }
      } catch (failure) {
        if (live) setError(failure);
      }
      if (live) setDone(true);
    })();
    return () => {
      live = false;
    };
  }, [fleetId(fleet)]);
  return { members, done, error };
}

function Pools({ pools }: { pools: AgentPoolView[] }) {
  return (
    <ul class="pools">
      {pools.map((p) => (
        <li key={p.name}>
          <strong>{p.name}</strong> {p.currentOrchestratorVersion ?? p.orchestratorVersion}{' '}
          <span class="muted">{p.nodeImageVersion}</span>
        </li>
      ))}
    </ul>
  );
}

function MemberRow({ member, target }: { member: MemberCluster; target: Target }) {
  const p = member.properties;
  const behind = outOfDate(member, target);
  const labels = Object.entries(p.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return (
    <tr class={behind ? 'behind' : undefined}>
      <th scope="row">{member.name}</th>
      <td>{p.group ?? <span class="muted">none</span>}</td>
      <td>{labels.length > 0 ? labels.map((l) => <code key={l}>{l}</code>) : <span class="muted">none</span>}</td>
      <td>{p.location}</td>
      <td>{p.error ? <span class="error">{p.error.code}</span> : p.currentKubernetesVersion}</td>
      <td>{p.agentPools ? <Pools pools={p.agentPools} /> : null}</td>
      <td>{target.kubernetesVersion || target.nodeImage ? (behind ? `Out of date: ${behind}` : 'Up to date') : ''}</td>
    </tr>
  );
}

/** The fleet's members with their clusters' versions, a chart of versions in use, and who is behind a target. */
export function Overview({ fleet }: { fleet: FleetPath }) {
  const { members, done, error } = useMemberClusters(fleet);
  const [target, setTarget] = useState<Target>({ kubernetesVersion: '', nodeImage: '' });
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(0);
  const kubernetesVersions = useMemo(() => count(members.map((m) => m.properties.currentKubernetesVersion)), [members]);
  const offered = useLoad(
    () => arm<{ value: RegionVersions[] }>('GET', `${fleetId(fleet)}/kubernetesVersions`),
    [fleetId(fleet)],
  );
  const targets = new Set([
    ...kubernetesVersions.keys(),
    ...(offered.data?.value ?? []).flatMap((r) => r.kubernetesVersions),
  ]);
  const nodeImages = useMemo(
    () => count(members.flatMap((m) => (m.properties.agentPools ?? []).map((p) => p.nodeImageVersion))),
    [members],
  );
  const shown = members.filter((m) => matches(m, filter));
  const behind = members.filter((m) => outOfDate(m, target) !== undefined).length;
  const pages = Math.ceil(shown.length / ROWS_PER_PAGE);
  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">Overview</h2>
      <ErrorBox error={error} />
      <p>
        {members.length} members{done ? '' : ' (reading clusters…)'}
      </p>
      <div class="charts">
        <VersionChart title="Kubernetes versions in use" counts={kubernetesVersions} unit="members" />
        <VersionChart title="Node images in use" counts={nodeImages} unit="node pools" />
      </div>
      <fieldset class="target">
        <legend>Which members are out of date?</legend>
        <label>
          Target Kubernetes version
          <select
            value={target.kubernetesVersion}
            onChange={(e) => setTarget({ ...target, kubernetesVersion: e.currentTarget.value })}
          >
            <option value="">(none)</option>
            {[...targets]
              .sort(compareVersions)
              .reverse()
              .map((v) => (
                <option key={v}>{v}</option>
              ))}
          </select>
        </label>
        <label>
          Target node image
          <select value={target.nodeImage} onChange={(e) => setTarget({ ...target, nodeImage: e.currentTarget.value })}>
            <option value="">(none)</option>
            {sortedKeys(nodeImages).map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        {target.kubernetesVersion || target.nodeImage ? (
          <output aria-live="polite">
            {behind} of {members.length} members out of date
          </output>
        ) : null}
      </fieldset>
      <label class="filter">
        Filter members
        <input
          type="search"
          value={filter}
          placeholder="name, group, label or version"
          onInput={(e) => (setFilter(e.currentTarget.value), setPage(0))}
        />
      </label>
      <div class="table-wrap">
        <table class="member-table">
          <caption class="sr-only">Members and their clusters</caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Update group</th>
              <th scope="col">Labels</th>
              <th scope="col">Location</th>
              <th scope="col">Kubernetes</th>
              <th scope="col">Node pools (version, node image)</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(page * ROWS_PER_PAGE, (page + 1) * ROWS_PER_PAGE).map((m) => (
              <MemberRow key={m.name} member={m} target={target} />
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={Math.min(page, Math.max(0, pages - 1))} pages={pages} onPage={setPage} label="Members pages" />
    </section>
  );
}

function matches(member: MemberCluster, filter: string): boolean {
  if (filter === '') return true;
  const p = member.properties;
  const text = [member.name, p.group, p.location, p.currentKubernetesVersion, ...Object.entries(p.labels ?? {}).flat()];
  return text.some((t) => t?.toLowerCase().includes(filter.toLowerCase()));
}

function count(values: Array<string | undefined>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function sortedKeys(counts: Map<string, number>): string[] {
  return [...counts.keys()].sort(compareVersions).reverse();
}
