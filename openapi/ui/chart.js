// The detail chart: `remaining` over time from a package's history, drawn as inline SVG.
//
//   circle.sample   one per history sample (with a <title> tooltip)
//   path.history    the line through them
//   line.forecast   dashed, from the last sample to (projected_exhaustion_at, 0)
//   g.expiry        the expiry date: a vertical line with a label, or an edge label with an
//                   arrow when the expiry lies far outside the history and forecast
//
// The SVG is drawn at the pixel size of its container (viewBox = width × height), so text stays
// 12 px on a phone and on a laptop; the caller redraws on resize. Times are UTC.

import { amount, date, dateTime, duration, h } from './format.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}, ...children) => h(tag, { xmlns: SVG_NS, ...attrs }, ...children);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60, 120];
const CHAR_WIDTH = 7;  // of a 12 px label, to size the left margin without measuring text

// 1, 2 or 5 times a power of ten: the step of about `count` ticks over [0, span].
function niceStep(span, count) {
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const n = raw / magnitude;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * magnitude;
}

// Tick times between t0 and t1 on round UTC boundaries (seconds … weeks, then calendar months).
function timeTicks(t0, t1, count) {
  const target = (t1 - t0) / count;
  const step = TIME_STEPS.find((s) => s >= target);
  const ticks = [];
  if (step) {
    for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) ticks.push(t);
    return { ticks, step };
  }
  const months = MONTH_STEPS.find((m) => m * 30 * DAY >= target) || 240;
  const start = new Date(t0);
  let index = start.getUTCFullYear() * 12 + start.getUTCMonth();
  if (Date.UTC(Math.floor(index / 12), index % 12, 1) < t0) index += 1;
  index = Math.ceil(index / months) * months;
  for (;; index += months) {
    const t = Date.UTC(Math.floor(index / 12), index % 12, 1);
    if (t > t1) break;
    ticks.push(t);
  }
  return { ticks, step: months * 30 * DAY };
}

const pad = (n) => String(n).padStart(2, '0');
function timeLabel(t, step) {
  const d = new Date(t);
  if (step < MINUTE) return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0;
  if (step < DAY && !(midnight && step >= MINUTE)) return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (step < 28 * DAY) return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

// What to draw, in data coordinates, and the sentences that explain what cannot be drawn.
function model(history, record) {
  const points = (history?.samples || [])
    .filter((s) => s.remaining !== null && s.remaining !== undefined)
    .map((s) => ({ t: Date.parse(s.at), v: s.remaining, at: s.at }))
    .filter((p) => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t);
  const projected = history?.projected_exhaustion_at ?? null;
  const last = points[points.length - 1];
  const end = projected ? Date.parse(projected) : NaN;
  const forecast = last && last.v > 0 && end > last.t ? { t: end, at: projected } : null;
  const expiry = record.expires_at ? Date.parse(record.expires_at) : null;
  const notes = [];
  if (!forecast && points.length) {
    notes.push(points.length < 2
      ? 'No forecast yet: one sample is not a trend.'
      : 'No forecast: usage is not going down steadily enough (or not for long enough) to project an end.');
  }
  if (forecast && expiry) {
    // The question a buyer has: does it run out first, or expire with something left?
    if (forecast.t < expiry) {
      notes.push(`At this rate it runs out ${duration((expiry - forecast.t) / 1000)} before it expires.`);
    } else if (expiry > last.t) {
      const left = last.v * (1 - (expiry - last.t) / (forecast.t - last.t));
      notes.push(`At this rate about ${amount(Math.round(left), history?.unit || record.unit)} will be left unused when it expires on ${date(record.expires_at)}.`);
    }
  }
  return { points, forecast, expiry, notes };
}

// Builds the SVG for `history` (the answer of GET quotas/{id}/history) of `record`, `width` px
// wide. Returns { element, notes }; element is null when there is nothing to plot.
export function buildChart(history, record, width) {
  const unit = history?.unit || record.unit;
  const m = model(history, record);
  if (!m.points.length) {
    const why = record.remaining === null
      ? 'The provider does not report usage for this package, so there is no history to chart.'
      : 'No usage history yet: the gateway records a sample each time it refreshes this account.';
    return { element: null, notes: [why] };
  }

  // X domain: the samples and the forecast; the expiry joins it only when it lies near them,
  // so a package expiring next year does not squeeze an hour of history into one pixel.
  let t0 = m.points[0].t;
  let t1 = Math.max(m.points[m.points.length - 1].t, m.forecast ? m.forecast.t : -Infinity);
  if (t1 - t0 < MINUTE) { t0 -= MINUTE / 2; t1 += MINUTE / 2; }
  let expiryInside = false;
  if (m.expiry !== null) {
    const slack = (t1 - t0) * 0.25;
    expiryInside = m.expiry >= t0 - slack && m.expiry <= t1 + slack;
    if (expiryInside) { t0 = Math.min(t0, m.expiry); t1 = Math.max(t1, m.expiry); }
  }

  const historySpan = m.points[m.points.length - 1].t - m.points[0].t;
  if (m.points.length > 1 && historySpan < 0.02 * (t1 - t0)) {
    m.notes.unshift(`The history so far covers only ${duration(historySpan / 1000)}, so its ${m.points.length} samples sit together at the left.`);
  }

  const vMax = Math.max(...m.points.map((p) => p.v));
  const vStep = niceStep(vMax > 0 ? vMax : 1, 4);
  const yMax = Math.ceil((vMax > 0 ? vMax : 1) / vStep) * vStep;
  const yTicks = [];
  for (let i = 0; i * vStep <= yMax + vStep / 2; i += 1) yTicks.push(i * vStep);  // no float drift
  const yLabels = yTicks.map((v) => amount(v, unit, { compact: true }));

  const height = Math.round(Math.min(340, Math.max(220, width * 0.45)));
  const margin = { top: 26, right: 14, bottom: 40, left: 12 + CHAR_WIDTH * Math.max(...yLabels.map((l) => l.length)) };
  const plotW = Math.max(40, width - margin.left - margin.right);
  const plotH = height - margin.top - margin.bottom;
  const x = (t) => margin.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v) => margin.top + plotH - (v / yMax) * plotH;
  const right = margin.left + plotW;
  const bottom = margin.top + plotH;

  const title = `Remaining ${unit} of ${record.name || record.id}`;
  const root = svg('svg', {
    id: 'chart', class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`,
    role: 'img', 'aria-labelledby': 'chart-title chart-desc',
  }, svg('title', { id: 'chart-title' }, title),
  svg('desc', { id: 'chart-desc' }, `${m.points.length} samples from ${dateTime(m.points[0].at)}` +
    (m.forecast ? `; forecast to run out ${dateTime(m.forecast.at)}` : '; no forecast') +
    (record.expires_at ? `; expires ${dateTime(record.expires_at)}` : '')));

  // Grid and y labels.
  const yAxis = svg('g', { class: 'axis axis-y' });
  yTicks.forEach((v, i) => {
    yAxis.append(svg('line', { class: 'grid', x1: margin.left, x2: right, y1: y(v), y2: y(v) }),
      svg('text', { x: margin.left - 6, y: y(v), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, yLabels[i]));
  });

  // X ticks and labels, about one per 90 px; the date and "UTC" in the corner for intraday spans.
  const { ticks, step } = timeTicks(t0, t1, Math.max(2, Math.floor(plotW / 90)));
  const xAxis = svg('g', { class: 'axis axis-x' },
    svg('line', { class: 'baseline', x1: margin.left, x2: right, y1: bottom, y2: bottom }));
  for (const t of ticks) {
    xAxis.append(svg('line', { class: 'tick', x1: x(t), x2: x(t), y1: bottom, y2: bottom + 4 }),
      svg('text', { x: x(t), y: bottom + 16, 'text-anchor': 'middle' }, timeLabel(t, step)));
  }
  const corner = step < DAY ? `UTC, ${date(new Date(t0).toISOString())}` : 'UTC';
  xAxis.append(svg('text', { class: 'caption', x: right, y: bottom + 32, 'text-anchor': 'end' }, corner));
  root.append(yAxis, xAxis);

  // Expiry: a vertical line when inside, else an edge label pointing where it is.
  if (m.expiry !== null) {
    const label = `${m.expiry < Date.now() ? 'expired' : 'expires'} ${date(record.expires_at)}`;
    if (expiryInside) {
      const ex = x(m.expiry);
      const anchor = ex > right - 60 ? 'end' : ex < margin.left + 60 ? 'start' : 'middle';
      root.append(svg('g', { class: 'expiry' },
        svg('line', { x1: ex, x2: ex, y1: margin.top - 4, y2: bottom }),
        svg('text', { x: ex, y: margin.top - 10, 'text-anchor': anchor }, label)));
    } else {
      const later = m.expiry > t1;
      root.append(svg('g', { class: 'expiry offscale' },
        svg('text', { x: later ? right : margin.left, y: margin.top - 10, 'text-anchor': later ? 'end' : 'start' },
          later ? `${label} →` : `← ${label}`)));
    }
  }

  // History line and points, then the forecast on top.
  const d = m.points.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  root.append(svg('path', { class: 'history', d }));
  // Points shrink when they crowd (a long history on a phone) so the line stays visible.
  const r = Math.max(1.5, Math.min(3.5, plotW / m.points.length / 3));
  const samples = svg('g', { class: 'samples' });
  for (const p of m.points) {
    samples.append(svg('circle', { class: 'sample', cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r },
      svg('title', {}, `${dateTime(p.at)}: ${amount(p.v, unit)}`)));
  }
  if (m.forecast) {
    const last = m.points[m.points.length - 1];
    const fx = x(m.forecast.t);
    root.append(svg('line', { class: 'forecast', x1: x(last.t), y1: y(last.v), x2: fx, y2: y(0) },
      svg('title', {}, `forecast: runs out ${dateTime(m.forecast.at)}`)),
    svg('circle', { class: 'forecast-end', cx: fx, cy: y(0), r: 4 }));
    const toLeft = fx > margin.left + plotW / 2;  // keep the label inside the plot
    root.append(svg('text', { class: 'forecast-label', x: toLeft ? fx - 6 : fx + 6, y: y(0) - 8, 'text-anchor': toLeft ? 'end' : 'start' },
      `runs out ${dateTime(m.forecast.at)}`));
  }
  root.append(samples);
  return { element: root, notes: m.notes };
}
