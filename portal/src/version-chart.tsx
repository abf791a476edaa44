import { compareVersions } from './ui.js';

interface Props {
  title: string;
  counts: Map<string, number>;
  unit: string;
}

/** Horizontal bars, one per version, newest first; the numbers are in the text too, not only in the bar length. */
export function VersionChart({ title, counts, unit }: Props) {
  const rows = [...counts].sort(([a], [b]) => compareVersions(b, a));
  const max = Math.max(1, ...rows.map(([, n]) => n));
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? <p class="muted">None read yet.</p> : null}
      <ul>
        {rows.map(([version, n]) => (
          <li key={version}>
            <span class="bar-label">{version}</span>
            <span class="bar" style={{ width: `${(n / max) * 100}%` }} aria-hidden="true" />
            <span class="bar-count">
              {n} {unit}
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
