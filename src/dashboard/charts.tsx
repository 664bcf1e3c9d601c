/** Inline SVG charts: no script, no external asset; styled by the stylesheet (CSP-safe). */
import type { FC } from "hono/jsx";

const W = 640;
const H = 220;
const PAD = { left: 72, right: 16, top: 14, bottom: 34 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

export interface Series {
  name: string;
  /** Points in time order: x is a timestamp (ms), y a value on the 0..max scale. */
  points: { x: number; y: number; label: string }[];
}

const LW = 960;
const lineW = LW - PAD.left - PAD.right;

/** Up to 3 series over time on a 0..max scale (e.g. accuracy in %), with date ticks. */
export const LineChart: FC<{ title: string; series: Series[]; max: number; unit: string }> = ({ title, series, max, unit }) => {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const span = Math.max(1, hi - lo);
  const x = (t: number) => PAD.left + (hi === lo ? lineW / 2 : ((t - lo) / span) * lineW);
  const y = (v: number) => PAD.top + plotH - (Math.max(0, Math.min(max, v)) / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const dayLabels = span >= 2 * 86_400_000;
  let timeTicks: number[];
  if (hi === lo) timeTicks = [lo];
  else if (dayLabels) {
    const days: number[] = [];
    for (let d = Math.ceil(lo / 86_400_000) * 86_400_000; d <= hi; d += 86_400_000) days.push(d);
    const step = Math.ceil(days.length / 7);
    timeTicks = days.filter((_, i) => i % step === 0);
  } else timeTicks = Array.from({ length: 6 }, (_, i) => lo + (i * span) / 5);
  const tickLabel = (t: number) => new Date(t).toISOString().slice(dayLabels ? 5 : 11, dayLabels ? 10 : 16);
  return (
    <>
      <svg class="chart" viewBox={`0 0 ${LW} ${H}`} width={LW} height={H} role="img" aria-label={title}>
        <title>{title}</title>
        {ticks.map((t) => (
          <>
            <line class="grid" x1={PAD.left} x2={LW - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end">
              {`${Math.round(t)}${unit}`}
            </text>
          </>
        ))}
        <line class="axis" x1={PAD.left} x2={LW - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
        {timeTicks.map((t, i) => (
          <text x={x(t)} y={H - 10} text-anchor={dayLabels ? "middle" : timeTicks.length === 1 ? "middle" : i === 0 ? "start" : i === timeTicks.length - 1 ? "end" : "middle"}>
            {tickLabel(t)}
          </text>
        ))}
        {series.map((s, k) => (
          <g class={`s${k % 3}`}>
            {s.points.length > 1 && <polyline class={`line s${k % 3}`} points={s.points.map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(" ")} />}
            {s.points.map((p) => (
              <circle cx={x(p.x)} cy={y(p.y)} r="4">
                <title>{`${s.name}, ${p.label}: ${p.y.toFixed(1)}${unit}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <div class="legend">
        {series.map((s, k) => (
          <span>
            <i class={`s${k % 3}`} />
            {s.name}
          </span>
        ))}
      </div>
    </>
  );
};

/** One bar per label, with a value formatter for the axis and tooltips. */
export const BarChart: FC<{ title: string; labels: string[]; values: number[]; format: (v: number) => string; integer?: boolean }> = ({ title, labels, values, format, integer }) => {
  const n = labels.length;
  const top = Math.max(...values, 0);
  // Counts get an even integer scale so the middle tick is a whole number.
  const max = integer ? Math.max(2, top + (top % 2)) : Math.max(1, top);
  const slot = plotW / Math.max(1, n);
  const barW = Math.max(2, Math.min(36, slot * 0.7));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const every = Math.max(1, Math.ceil(n / 8));
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={title}>
      <title>{title}</title>
      {[0, 0.5, 1].map((f) => (
        <>
          <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(f * max)} y2={y(f * max)} />
          <text x={PAD.left - 6} y={y(f * max) + 4} text-anchor="end">
            {format(f * max)}
          </text>
        </>
      ))}
      <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
      {values.map((v, i) => (
        <rect class="bar" x={PAD.left + i * slot + (slot - barW) / 2} y={y(v)} width={barW} height={Math.max(0, PAD.top + plotH - y(v))}>
          <title>{`${labels[i]}: ${format(v)}`}</title>
        </rect>
      ))}
      {labels.map((label, i) =>
        i % every === 0 || i === n - 1 ? (
          <text x={PAD.left + i * slot + slot / 2} y={H - 10} text-anchor="middle">
            {label}
          </text>
        ) : null,
      )}
    </svg>
  );
};
