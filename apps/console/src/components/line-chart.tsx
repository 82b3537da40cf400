import { chartGeometry, type ChartPoint } from '../lib/chart.ts';

/** A hand-drawn SVG line chart with a text alternative (a table follows it on the page). */
export function LineChart({ points, label }: { points: readonly ChartPoint[]; label: string }) {
  const g = chartGeometry(points);
  return (
    <svg class="chart" viewBox={`0 0 ${g.width} ${g.height}`} role="img" aria-label={label}>
      {g.yTicks.map((tick) => (
        <g key={tick.y}>
          <line class="grid-line" x1={40} x2={g.width - 12} y1={tick.y} y2={tick.y} />
          <text x={36} y={tick.y + 4} text-anchor="end">
            {Number.isInteger(tick.value) ? tick.value : tick.value.toFixed(1)}
          </text>
        </g>
      ))}
      <line class="axis" x1={40} x2={g.width - 12} y1={g.height - 28} y2={g.height - 28} />
      {g.xLabels.map((item) => (
        <text key={item.label} x={item.x} y={g.height - 10} text-anchor="middle">
          {item.label.slice(5)}
        </text>
      ))}
      {g.path ? <path class="line" d={g.path} /> : null}
      {g.dots.map((dot) => (
        <circle key={dot.label} class="dot" cx={dot.x} cy={dot.y} r={3}>
          <title>{`${dot.label}: ${dot.value}`}</title>
        </circle>
      ))}
    </svg>
  );
}
