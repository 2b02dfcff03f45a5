// The pools panel: per pool, when a new package must be active ("buy by"), what will expire
// unused, how much covers the next 90 days, and a stacked chart of its members draining in turn
// (soonest expiry first, as the cloud deducts) with their expiry marks.
//
//   path.member     one layer per member: what it holds over time (flat while it waits, falling
//                   while it is drawn on, dropping at its expiry when it is lost)
//   g.expiry-mark   a member's expiry that loses units: a red tick with the amount lost
//   line.buy-by     when the pool runs out
//
// Everything comes from GET /pools and GET /pools/{id}; nothing is computed here but geometry.

import { getJson } from './api.js';
import { amount, date, dateTime, h, relative } from './format.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}, ...children) => h(tag, { xmlns: SVG_NS, ...attrs }, ...children);
const HEIGHT = 120;
const MAX_CHARTS = 6;  // the pools that run out soonest; the rest are listed without a chart

const ms = (iso) => (iso ? Date.parse(iso) : null);

// A member's holding over time as (t, amount) points, from its drain and expiry dates.
function layer(m, t0, t1) {
  const held = Math.max(m.remaining ?? 0, 0);
  const start = ms(m.drain_starts_at);
  const stop = ms(m.drain_stops_at);
  const lost = ms(m.waste_at);
  const points = [[t0, held]];
  if (start !== null && start > t0) points.push([start, held]);
  if (stop !== null) points.push([stop, m.projected_exhaustion_at ? 0 : (m.waste ?? 0)]);
  if (lost !== null) points.push([lost, 0]);
  else if (start === null && m.expires_at && ms(m.expires_at) < t1) points.push([ms(m.expires_at), 0]);
  const last = points[points.length - 1][1];
  points.push([t1, start === null && !m.expires_at ? held : last]);
  return points.map(([t, v]) => [Math.min(Math.max(t, t0), t1), v]);
}

// The layers stacked in deduction order: each path closes over the one below it.
function stackedPaths(members, t0, t1, x, y) {
  const times = new Set([t0, t1]);
  const layers = members.map((m) => layer(m, t0, t1));
  for (const l of layers) for (const [t] of l) times.add(t);
  const grid = [...times].sort((a, b) => a - b);
  const at = (points, t) => {
    for (let i = 1; i < points.length; i += 1) {
      const [ta, va] = points[i - 1];
      const [tb, vb] = points[i];
      if (t <= tb) return tb === ta ? vb : va + ((vb - va) * (t - ta)) / (tb - ta);
    }
    return points[points.length - 1][1];
  };
  let below = grid.map(() => 0);
  return layers.map((points, index) => {
    const above = grid.map((t, i) => below[i] + at(points, t));
    const top = grid.map((t, i) => `${x(t).toFixed(1)},${y(above[i]).toFixed(1)}`);
    const bottom = grid.map((t, i) => `${x(t).toFixed(1)},${y(below[i]).toFixed(1)}`).reverse();
    below = above;
    return svg('path', { class: `member member-${index % 4}`, d: `M${top.join('L')}L${bottom.join('L')}Z` },
      svg('title', {}, members[index].name || members[index].id));
  });
}

function chart(pool, width) {
  // What the cloud can still draw on (GET /pools counts the same members in `remaining`).
  const drawable = new Set(['active', 'pending', 'unknown']);
  const members = pool.members.filter((m) => (m.remaining ?? 0) > 0 && drawable.has(m.status) &&
    !(m.expires_at && ms(m.expires_at) <= ms(pool.as_of)));
  const t0 = ms(pool.as_of);
  const end = ms(pool.projected_exhaustion_at) ?? t0 + pool.horizon_seconds * 1000;
  const t1 = Math.max(end, t0 + 86400000) + (end - t0) * 0.05;
  const total = members.reduce((sum, m) => sum + m.remaining, 0) || 1;
  const x = (t) => ((t - t0) / (t1 - t0)) * (width - 2);
  const y = (v) => HEIGHT - 14 - (v / total) * (HEIGHT - 24);
  const marks = members.filter((m) => m.waste > 0 && m.waste_at).map((m) => svg('g', { class: 'expiry-mark' },
    svg('line', { x1: x(ms(m.waste_at)), x2: x(ms(m.waste_at)), y1: 4, y2: HEIGHT - 14 }),
    svg('title', {}, `${m.name || m.id}: ${amount(m.waste, pool.unit)} expire unused on ${dateTime(m.waste_at)}`)));
  const buyBy = pool.buy_by ? svg('line', { class: 'buy-by', x1: x(ms(pool.buy_by)), x2: x(ms(pool.buy_by)), y1: 0, y2: HEIGHT - 14 }) : null;
  return svg('svg', { class: 'chart pool-chart', viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, role: 'img',
    'aria-label': `${pool.id}: members draining in turn` },
  ...stackedPaths(members, t0, t1, x, y), ...marks, buyBy,
  svg('text', { x: 2, y: HEIGHT - 2, class: 'caption' }, date(pool.as_of)),
  svg('text', { x: width - 2, y: HEIGHT - 2, class: 'caption', 'text-anchor': 'end' }, date(new Date(t1).toISOString())));
}

function advice(pool) {
  if (!pool.buy_by) {
    const why = { no_history: 'not enough usage history yet', flat_usage: 'nothing is being used', beyond_100_years: 'covered for good' };
    return h('span', { class: 'muted' }, `Nothing to buy: ${why[pool.no_exhaustion_reason] || 'covered'}`);
  }
  return h('span', {}, 'Buy by ', h('time', { datetime: pool.buy_by, title: dateTime(pool.buy_by) }, date(pool.buy_by)),
    ` (${relative(pool.buy_by)})`, pool.cover > 0 ? ` · ${amount(pool.cover, pool.unit)} covers 90 days` : '');
}

function card(pool, detail, width) {
  const waste = pool.waste > 0
    ? h('span', { class: 'waste' }, `${amount(pool.waste, pool.unit)} will expire unused`,
      pool.next_waste_at ? ` (first on ${date(pool.next_waste_at)})` : '')
    : null;
  return h('li', { class: 'pool', 'data-id': pool.id, 'data-buy-by': pool.buy_by || '' },
    h('div', { class: 'pool-head' }, h('strong', {}, `${pool.kind} · ${pool.account}`),
      h('span', { class: 'sub' }, `${pool.member_count} packages · ${amount(pool.remaining, pool.unit)} left`)),
    h('div', { class: 'pool-advice' }, advice(pool), waste ? ' · ' : '', waste),
    detail ? chart(detail, width) : null);
}

// Fills #pools; the charts for the pools that run out first.
export async function loadPools(list, countEl) {
  const answer = await getJson('pools', { sort: 'buy_by', page_size: 100 });
  countEl.textContent = `(${answer.total_items})`;
  if (!answer.items.length) {
    list.replaceChildren(h('li', { class: 'muted' }, 'No pools: no packages share a kind in one account.'));
    return answer;
  }
  const charted = answer.items.filter((p) => p.buy_by).slice(0, MAX_CHARTS);
  const details = await Promise.all(charted.map((p) => getJson(`pools/${encodeURIComponent(p.id)}`)));
  const byId = new Map(details.map((d) => [d.id, d]));
  const width = Math.max(list.clientWidth - 24, 240);
  list.replaceChildren(...answer.items.map((p) => card(p, byId.get(p.id), width)));
  return answer;
}
