import { useState } from 'preact/hooks';
import type { GateStatus, MemberUpdateStatus, UpdateGroupStatus, UpdateStageStatus, UpdateState } from './types.js';
import { elapsed, formatDuration, StateBadge } from './ui.js';

/** Groups with more members than this start collapsed, and an open group shows its members this many at a time. */
export const MEMBERS_SHOWN = 25;

/** A skip target as the API names it (`Stage:s1`, `Group:g`, `Member:m`, `AfterStageWait:s1`). */
export type SkipKey = string;

export interface TreeProps {
  stages: UpdateStageStatus[];
  now: number;
  selected: ReadonlySet<SkipKey>;
  onSelect: (key: SkipKey, on: boolean) => void;
  onApprove: (gate: GateStatus) => void;
}

function Times({ status, now }: { status: { startTime?: string; completedTime?: string }; now: number }) {
  const took = elapsed(status.startTime, status.completedTime, now);
  return took ? <span class="duration">{took}</span> : null;
}

function Pick({ id, label, props }: { id: SkipKey; label: string; props: TreeProps }) {
  return (
    <input
      type="checkbox"
      class="pick"
      aria-label={`Select ${label} to skip`}
      checked={props.selected.has(id)}
      onChange={(e) => props.onSelect(id, e.currentTarget.checked)}
    />
  );
}

function Gates({ gates, where, props }: { gates: GateStatus[] | undefined; where: string; props: TreeProps }) {
  if (!gates || gates.length === 0) return null;
  return (
    <ul class="gates">
      {gates.map((gate, i) => (
        <li key={i} class="gate">
          <StateBadge state={gate.status.state} />
          <span>
            Approval {where}: {gate.displayName ?? 'gate'}
          </span>
          {gate.status.state === 'Pending' && gate.gateId ? (
            <button type="button" class="primary" onClick={() => props.onApprove(gate)}>
              Approve
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Member({ member, props }: { member: MemberUpdateStatus; props: TreeProps }) {
  const reason = member.message ?? member.status.error?.message;
  return (
    <li class="member" data-member={member.name}>
      <Pick id={`Member:${member.name}`} label={`member ${member.name}`} props={props} />
      <span class="name">{member.name}</span>
      <StateBadge state={member.status.state} />
      <Times status={member.status} now={props.now} />
      {reason ? <span class={member.status.state === 'Failed' ? 'message error' : 'message'}>{reason}</span> : null}
    </li>
  );
}

function counts(members: MemberUpdateStatus[]): string {
  const byState = new Map<UpdateState, number>();
  for (const m of members)
    byState.set(m.status.state ?? 'NotStarted', (byState.get(m.status.state ?? 'NotStarted') ?? 0) + 1);
  return [...byState].map(([state, n]) => `${n} ${state}`).join(' · ');
}

function Group({ group, props }: { group: UpdateGroupStatus; props: TreeProps }) {
  const [open, setOpen] = useState(group.members.length <= MEMBERS_SHOWN);
  const [shown, setShown] = useState(MEMBERS_SHOWN);
  return (
    <li class="group" data-group={group.name}>
      <Pick id={`Group:${group.name}`} label={`group ${group.name}`} props={props} />
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <span class="kind">Group</span> <span class="name">{group.name}</span>
          <StateBadge state={group.status.state} />
          <Times status={group.status} now={props.now} />
          <span class="muted">
            {group.members.length} {group.members.length === 1 ? 'member' : 'members'}
            {group.members.length > 0 ? `: ${counts(group.members)}` : ''}
          </span>
        </summary>
        <Gates gates={group.beforeGates} where="before group" props={props} />
        {open ? (
          <ul class="members">
            {group.members.slice(0, shown).map((m) => (
              <Member key={m.name} member={m} props={props} />
            ))}
          </ul>
        ) : null}
        {open && shown < group.members.length ? (
          <button type="button" onClick={() => setShown(shown + MEMBERS_SHOWN * 4)}>
            Show more members ({group.members.length - shown} more)
          </button>
        ) : null}
        <Gates gates={group.afterGates} where="after group" props={props} />
      </details>
    </li>
  );
}

function AfterStageWait({ stage, props }: { stage: UpdateStageStatus; props: TreeProps }) {
  const wait = stage.afterStageWaitStatus;
  if (!wait || !wait.waitDurationInSeconds) return null;
  const { state, startTime } = wait.status;
  const left =
    state === 'Running' && startTime
      ? (Date.parse(startTime) + wait.waitDurationInSeconds * 1000 - props.now) / 1000
      : undefined;
  return (
    <div class="wait">
      <Pick id={`AfterStageWait:${stage.name}`} label={`the wait after stage ${stage.name}`} props={props} />
      <span>Wait {formatDuration(wait.waitDurationInSeconds)} after the stage</span>
      <StateBadge state={state} />
      {left !== undefined ? <span class="countdown">{formatDuration(left)} left</span> : null}
    </div>
  );
}

/** A run's stages → groups → members with their states, durations, messages, gates and waits. */
export function RunTree(props: TreeProps) {
  return (
    <ol class="tree">
      {props.stages.map((stage) => (
        <li key={stage.name} class="stage" data-stage={stage.name}>
          <div class="stage-head">
            <Pick id={`Stage:${stage.name}`} label={`stage ${stage.name}`} props={props} />
            <span class="kind">Stage</span> <span class="name">{stage.name}</span>
            <StateBadge state={stage.status.state} />
            <Times status={stage.status} now={props.now} />
          </div>
          <Gates gates={stage.beforeGates} where="before stage" props={props} />
          <ul class="groups">
            {stage.groups.map((group) => (
              <Group key={group.name} group={group} props={props} />
            ))}
          </ul>
          <Gates gates={stage.afterGates} where="after stage" props={props} />
          <AfterStageWait stage={stage} props={props} />
        </li>
      ))}
    </ol>
  );
}
