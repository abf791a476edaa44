import type { StrategyStage } from './types.js';

/** A stage as the form edits it (text fields stay text until the request is built). */
export interface StageDraft {
  key: number;
  name: string;
  groups: string[];
  waitSeconds: string;
  approvalBefore: boolean;
  approvalAfter: boolean;
}

let nextKey = 1;

export function newStage(name: string, groups: string[] = []): StageDraft {
  return { key: nextKey++, name, groups, waitSeconds: '', approvalBefore: false, approvalAfter: false };
}

export function stageDraftOf(stage: StrategyStage): StageDraft {
  return {
    ...newStage(
      stage.name,
      stage.groups.map((g) => g.name),
    ),
    waitSeconds: stage.afterStageWaitInSeconds ? String(stage.afterStageWaitInSeconds) : '',
    approvalBefore: (stage.beforeGates ?? []).length > 0,
    approvalAfter: (stage.afterGates ?? []).length > 0,
  };
}

/** The API's stage; the API checks it (a negative wait, a bad name) and its 400 names the field. */
export function stageOf(draft: StageDraft): StrategyStage {
  const wait = draft.waitSeconds.trim();
  const approval = (when: string) => [{ displayName: `Approve ${when} ${draft.name}`, type: 'Approval' as const }];
  return {
    name: draft.name.trim(),
    groups: draft.groups.map((name) => ({ name })),
    ...(wait !== '' ? { afterStageWaitInSeconds: Number(wait) } : {}),
    ...(draft.approvalBefore ? { beforeGates: approval('before') } : {}),
    ...(draft.approvalAfter ? { afterGates: approval('after') } : {}),
  };
}

interface Props {
  stage: StageDraft;
  index: number;
  count: number;
  groups: string[];
  errors: Record<string, string>;
  onChange: (stage: StageDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** An error the API gave for `path`, next to its field (and linked to it for screen readers). */
export function FieldError({ errors, path }: { errors: Record<string, string>; path: string }) {
  const message = errors[path];
  return message ? (
    <span class="field-error" id={`err-${path}`} role="alert">
      {message}
    </span>
  ) : null;
}

export function invalid(errors: Record<string, string>, path: string) {
  return errors[path] ? { 'aria-invalid': true, 'aria-describedby': `err-${path}` } : {};
}

/** One stage of the form: name, groups, wait after it, approvals, and its place in the order. */
export function StageEditor({ stage, index, count, groups, errors, onChange, onMove, onRemove }: Props) {
  const at = `properties.strategy.stages[${index}]`;
  const all = [...new Set([...groups, ...stage.groups])].sort();
  const groupErrors = Object.entries(errors).filter(([path]) => path.startsWith(`${at}.groups`));
  return (
    <fieldset class="stage-editor" data-stage-index={index}>
      <legend>Stage {index + 1}</legend>
      <label>
        Stage name
        <input
          value={stage.name}
          required
          onInput={(e) => onChange({ ...stage, name: e.currentTarget.value })}
          {...invalid(errors, `${at}.name`)}
        />
        <FieldError errors={errors} path={`${at}.name`} />
      </label>
      <label>
        Wait after the stage (seconds)
        <input
          type="number"
          value={stage.waitSeconds}
          onInput={(e) => onChange({ ...stage, waitSeconds: e.currentTarget.value })}
          {...invalid(errors, `${at}.afterStageWaitInSeconds`)}
        />
        <FieldError errors={errors} path={`${at}.afterStageWaitInSeconds`} />
      </label>
      <fieldset class="choose-groups">
        <legend>Update groups in this stage</legend>
        {all.length === 0 ? <p class="muted">No member has an update group yet.</p> : null}
        {all.map((group) => (
          <label key={group} class="check">
            <input
              type="checkbox"
              checked={stage.groups.includes(group)}
              onChange={(e) =>
                onChange({
                  ...stage,
                  groups: e.currentTarget.checked ? [...stage.groups, group] : stage.groups.filter((g) => g !== group),
                })
              }
            />
            {group}
          </label>
        ))}
        {groupErrors.map(([path, message]) => (
          <span key={path} class="field-error" role="alert">
            {path.slice(at.length + 1)}: {message}
          </span>
        ))}
      </fieldset>
      <label class="check">
        <input
          type="checkbox"
          checked={stage.approvalBefore}
          onChange={(e) => onChange({ ...stage, approvalBefore: e.currentTarget.checked })}
        />
        Require an approval before the stage
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={stage.approvalAfter}
          onChange={(e) => onChange({ ...stage, approvalAfter: e.currentTarget.checked })}
        />
        Require an approval after the stage
      </label>
      <div class="actions">
        <button type="button" disabled={index === 0} onClick={() => onMove(-1)}>
          ↑ Move up
        </button>
        <button type="button" disabled={index === count - 1} onClick={() => onMove(1)}>
          ↓ Move down
        </button>
        <button type="button" onClick={onRemove}>
          Remove stage
        </button>
      </div>
    </fieldset>
  );
}
