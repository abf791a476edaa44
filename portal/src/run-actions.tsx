import { useState } from 'preact/hooks';
import { arm } from './arm.js';
import type { SkipKey } from './run-tree.js';
import type { UpdateState } from './types.js';
import { ConfirmDialog } from './ui.js';

type Action = 'start' | 'stop' | 'skip';

interface Props {
  path: string;
  state: UpdateState | undefined;
  selected: ReadonlySet<SkipKey>;
  onDone: (error?: unknown) => void;
}

const QUESTIONS: Record<Action, string> = {
  start: 'Start this update run? Member clusters will be upgraded in the order of its stages.',
  stop: 'Stop this update run? Upgrades already under way finish; no new member starts.',
  skip: 'Skip the selected targets? Their members will not be upgraded by this run.',
};

/** Start, stop and skip, each after a confirmation; the API decides what is allowed and its refusal is shown. */
export function RunActions({ path, state, selected, onDone }: Props) {
  const [asking, setAsking] = useState<Action | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const targets = [...selected].map((key) => {
    const [type = '', ...name] = key.split(':');
    return { type, name: name.join(':') };
  });
  const act = async (action: Action) => {
    setAsking(undefined);
    setBusy(true);
    try {
      await arm('POST', `${path}/${action}`, action === 'skip' ? { targets } : undefined);
      onDone();
    } catch (error) {
      onDone(error);
    } finally {
      setBusy(false);
    }
  };
  const stoppable = state === 'Running' || state === 'Pending';
  return (
    <div class="actions" role="toolbar" aria-label="Run actions">
      <button
        type="button"
        class="primary"
        disabled={busy || stoppable || state === 'Stopping'}
        onClick={() => setAsking('start')}
      >
        ▶ Start
      </button>
      <button type="button" disabled={busy || !stoppable} onClick={() => setAsking('stop')}>
        ■ Stop
      </button>
      <button type="button" disabled={busy || targets.length === 0} onClick={() => setAsking('skip')}>
        ↷ Skip selected ({targets.length})
      </button>
      {asking ? (
        <ConfirmDialog
          title={`${asking[0]?.toUpperCase()}${asking.slice(1)} the run`}
          confirmLabel={`Yes, ${asking}`}
          onConfirm={() => void act(asking)}
          onCancel={() => setAsking(undefined)}
        >
          <p>{QUESTIONS[asking]}</p>
          {asking === 'skip' ? (
            <ul>
              {targets.map((t) => (
                <li key={`${t.type}:${t.name}`}>
                  {t.type} {t.name}
                </li>
              ))}
            </ul>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
