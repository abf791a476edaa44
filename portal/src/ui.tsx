import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describe } from './arm.js';
import type { UpdateState } from './types.js';

const ICONS: Record<UpdateState, string> = {
  NotStarted: '○',
  Running: '◐',
  Stopping: '◍',
  Stopped: '■',
  Skipped: '↷',
  Failed: '✕',
  Pending: '⏸',
  Completed: '✓',
};

/** A state with its icon and colour (the colour is never the only cue: the icon and word say it too). */
export function StateBadge({ state, label }: { state: UpdateState | undefined; label?: string }) {
  const known = state ?? 'NotStarted';
  return (
    <span class={`state state-${known}`} data-state={known}>
      <span aria-hidden="true">{ICONS[known]}</span> {label ?? known}
    </span>
  );
}

/** An API failure shown where it happened. */
export function ErrorBox({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <p class="error" role="alert">
      {describe(error)}
    </p>
  );
}

/** Seconds as `1h 02m`, `3m 05s` or `12s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

/** How long something ran: start to completion, or to now while it runs. */
export function elapsed(start: string | undefined, end: string | undefined, now: number): string | undefined {
  if (!start) return undefined;
  const to = end ? Date.parse(end) : now;
  return formatDuration((to - Date.parse(start)) / 1000);
}

/** The current time, ticking every `ms` (for countdowns and running durations). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** Loads `load()` now and whenever `deps` change; `reload` loads again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && (setData(value), setError(undefined)),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
    // The caller names what the load depends on.
  }, [...deps, version]);
  return { data, error, reload: () => setVersion((v) => v + 1) };
}

interface ConfirmProps {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal confirmation (the browser's <dialog>: focus stays inside, Escape cancels). */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel }: ConfirmProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} class="confirm" aria-labelledby="confirm-title" onCancel={onCancel}>
      <h2 id="confirm-title">{title}</h2>
      <div>{children}</div>
      <div class="actions">
        <button type="button" class="primary" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onCancel} autofocus>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

interface PagerProps {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  label: string;
}

export function Pager({ page, pages, onPage, label }: PagerProps) {
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        ‹ Previous
      </button>
      <span>
        Page {page + 1} of {pages}
      </span>
      <button type="button" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
        Next ›
      </button>
    </nav>
  );
}

/** Compares Kubernetes versions (`1.31.8` < `1.32.0`) and node image versions (`…-202501.01.0`) part by part. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => (v.match(/\d+/g) ?? []).map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
