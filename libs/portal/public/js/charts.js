/* global document */
// Hand-drawn SVG charts: a few dozen lines instead of a charting library, no build step, nothing
// fetched from elsewhere (the CSP allows only this origin), and text stays selectable.
const NS = 'http://www.w3.org/2000/svg';
export const PALETTE = ['#1b7f3b', '#4caf50', '#8bc34a', '#ffc107', '#ff7043', '#c62828', '#9e9e9e', '#1565c0', '#6a1b9a'];

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

const short = (text, n = 8) => (text.length > n ? `${text.slice(0, n)}…` : text);

/** A category label under the axis, slanted so long names and many months do not overlap. */
function axisLabel(x, y, text) {
  return s('text', { x, y, 'text-anchor': 'end', 'font-size': 11, transform: `rotate(-35 ${x} ${y})` }, s('title', {}, text), short(text));
}

/** Legend rows under the plot, wrapping to the chart's width. */
function legend(series, y, width) {
  const perRow = Math.max(1, Math.floor((width - 50) / 130));
  return s('g', { class: 'legend' }, ...series.map((ser, i) =>
    s('g', { transform: `translate(${50 + (i % perRow) * 130},${y + Math.floor(i / perRow) * 18})` },
      s('rect', { width: 12, height: 12, fill: ser.color ?? PALETTE[i % PALETTE.length] }),
      s('text', { x: 16, y: 11, 'font-size': 12 }, ser.label))));
}

const legendRows = (n, width) => Math.ceil(n / Math.max(1, Math.floor((width - 50) / 130)));

/**
 * Stacked (or simple, with one series) vertical bars. categories: labels; series: [{ label, values[], color }].
 * rate: values are fractions, the axis reads 0–100 %.
 */
export function barChart({ title, categories, series, rate = false, stacked = true }) {
  const width = Math.max(480, 60 + categories.length * (stacked ? 48 : 24 * series.length + 24));
  const height = 290 + 18 * legendRows(series.length, width);
  const plot = { x: 50, y: 20, w: width - 70, h: 190 };
  const totals = categories.map((_, i) => (stacked ? series.reduce((sum, ser) => sum + (ser.values[i] ?? 0), 0) : Math.max(...series.map((ser) => ser.values[i] ?? 0))));
  const max = rate ? 1 : Math.max(1, ...totals);
  const svg = s('svg', { class: 'chart bar-chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title });
  svg.append(s('title', {}, title));
  for (let k = 0; k <= 4; k++) {
    const y = plot.y + plot.h - (plot.h * k) / 4;
    svg.append(s('line', { x1: plot.x, x2: plot.x + plot.w, y1: y, y2: y, stroke: '#ddd' }));
    svg.append(s('text', { x: plot.x - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11 }, rate ? `${(k * 25).toFixed(0)}%` : String(Math.round((max * k) / 4))));
  }
  const band = plot.w / Math.max(1, categories.length);
  categories.forEach((cat, i) => {
    const x0 = plot.x + i * band + band * 0.15;
    const bw = band * 0.7;
    let yTop = plot.y + plot.h;
    series.forEach((ser, j) => {
      const v = ser.values[i] ?? 0;
      const bh = (plot.h * v) / max;
      const color = ser.color ?? PALETTE[j % PALETTE.length];
      if (stacked) {
        yTop -= bh;
        svg.append(s('rect', { x: x0, y: yTop, width: bw, height: bh, fill: color, class: 'bar' }, s('title', {}, `${cat} ${ser.label}: ${rate ? `${(v * 100).toFixed(1)}%` : v}`)));
      } else {
        const w = bw / series.length;
        svg.append(s('rect', { x: x0 + j * w, y: plot.y + plot.h - bh, width: w, height: bh, fill: color, class: 'bar' }, s('title', {}, `${cat} ${ser.label}: ${rate ? `${(v * 100).toFixed(1)}%` : v}`)));
      }
    });
    svg.append(axisLabel(x0 + bw / 2, plot.y + plot.h + 14, cat));
  });
  if (series.length > 1 || series[0]?.label) svg.append(legend(series, 280, width));
  return svg;
}

/** Lines over months. series: [{ label, values[], color }]. */
export function lineChart({ title, categories, series }) {
  const width = Math.max(520, 60 + categories.length * 44);
  const height = 290 + 18 * legendRows(series.length, width);
  const plot = { x: 50, y: 20, w: width - 70, h: 190 };
  const max = Math.max(1, ...series.flatMap((ser) => ser.values.map((v) => v ?? 0)));
  const svg = s('svg', { class: 'chart line-chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title });
  svg.append(s('title', {}, title));
  for (let k = 0; k <= 4; k++) {
    const y = plot.y + plot.h - (plot.h * k) / 4;
    svg.append(s('line', { x1: plot.x, x2: plot.x + plot.w, y1: y, y2: y, stroke: '#ddd' }));
    svg.append(s('text', { x: plot.x - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11 }, String(Math.round((max * k) / 4))));
  }
  const step = categories.length > 1 ? plot.w / (categories.length - 1) : 0;
  const px = (i) => plot.x + (categories.length > 1 ? i * step : plot.w / 2);
  const py = (v) => plot.y + plot.h - (plot.h * (v ?? 0)) / max;
  categories.forEach((c, i) => svg.append(axisLabel(px(i), plot.y + plot.h + 14, c)));
  series.forEach((ser, j) => {
    const color = ser.color ?? PALETTE[j % PALETTE.length];
    svg.append(s('polyline', { points: ser.values.map((v, i) => `${px(i)},${py(v)}`).join(' '), fill: 'none', stroke: color, 'stroke-width': 2, class: 'line' }));
    ser.values.forEach((v, i) => svg.append(s('circle', { cx: px(i), cy: py(v), r: 3, fill: color }, s('title', {}, `${categories[i]} ${ser.label}: ${v}`))));
  });
  svg.append(legend(series, 280, width));
  return svg;
}
