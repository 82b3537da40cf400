/** A line chart's geometry (pure), drawn as SVG by the dashboard; no chart library. */

export interface ChartPoint {
  start: string;
  value: number | null;
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** SVG path `d` of the line; gaps (null values) start a new segment. */
  path: string;
  dots: { x: number; y: number; label: string; value: number }[];
  yTicks: { y: number; value: number }[];
  xLabels: { x: number; label: string }[];
  max: number;
}

export interface ChartBox {
  width: number;
  height: number;
  padLeft: number;
  padRight: number;
  padTop: number;
  padBottom: number;
}

export const DEFAULT_BOX: ChartBox = { width: 640, height: 220, padLeft: 40, padRight: 12, padTop: 12, padBottom: 28 };

/** A "nice" ceiling for the axis: 1, 2, 5 × 10^n. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function chartGeometry(points: readonly ChartPoint[], box: ChartBox = DEFAULT_BOX): ChartGeometry {
  const innerW = box.width - box.padLeft - box.padRight;
  const innerH = box.height - box.padTop - box.padBottom;
  const values = points.map((point) => point.value).filter((value): value is number => value !== null);
  const max = niceMax(Math.max(0, ...values));
  const x = (index: number): number =>
    box.padLeft + (points.length <= 1 ? innerW / 2 : (index * innerW) / (points.length - 1));
  const y = (value: number): number => box.padTop + innerH - (value / max) * innerH;
  const round = (n: number): number => Math.round(n * 10) / 10;
  let path = '';
  let drawing = false;
  const dots: ChartGeometry['dots'] = [];
  points.forEach((point, index) => {
    if (point.value === null) {
      drawing = false;
      return;
    }
    const px = round(x(index));
    const py = round(y(point.value));
    path += `${drawing ? 'L' : 'M'}${px} ${py} `;
    drawing = true;
    dots.push({ x: px, y: py, label: point.start, value: point.value });
  });
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => ({ y: round(y(max * fraction)), value: max * fraction }));
  const every = Math.max(1, Math.ceil(points.length / 6));
  const xLabels = points
    .map((point, index) => ({ x: round(x(index)), label: point.start, index }))
    .filter((item) => item.index % every === 0)
    .map(({ x: px, label }) => ({ x: px, label }));
  return { width: box.width, height: box.height, path: path.trim(), dots, yTicks, xLabels, max };
}
