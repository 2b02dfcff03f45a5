// The dashboard: sources, the two 30-day panels, the pools, the package table and the detail view.
//
// Everything the table shows comes from the server: filters and sort are GET /quotas
// parameters, and every page is followed, so the table holds exactly total_items rows. The
// filters and sort live in the URL fragment, so a reload or a shared link shows the same view.

import { getAllQuotas, getHistory, storedKey, forgetKey } from './api.js';
import { buildChart } from './chart.js';
import { loadPools } from './pools.js';
import * as fmt from './format.js';

const { h } = fmt;
const $ = (id) => document.getElementById(id);
const FILTERS = ['provider', 'account', 'kind', 'status', 'q', 'expires_before', 'exhausts_before'];
// Active packages first (statuses sort by name: active, exhausted, expired, …), each status's
// soonest expiry first: what needs attention now, not what expired years ago (the API's own
// default, expires_at alone, starts with the oldest expired packages).
const DEFAULT_SORT = 'status,expires_at';

const state = {
  filters: {},
  sort: '',
  records: new Map(),  // id → record, from the table and the panels, for the detail view
  tableLoad: null,     // the AbortController of the table load in flight
  tableQuery: null,    // the parameters it asked for (JSON), to skip asking again for the same
  detail: null,        // { record, history, loaded, failed, abort } while the detail view is open
  errors: new Map(),   // area → message, shown together in the banner
};

// --- small utilities ----------------------------------------------------------------------

function debounce(fn, ms) {
  let timer = 0;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

const plural = (n, word) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const isAbort = (e) => e?.name === 'AbortError';

// A problem+json error as one readable sentence, with the parameters it names.
function describe(error) {
  const p = error.problem;
  if (!p) return error.message || String(error);
  const params = (p.invalid_params || []).map((i) => `${i.name}: ${i.reason}`);
  return [p.title, p.detail, ...params].filter(Boolean).join(' — ');
}

// The table's own errors (a bad filter, mostly) show next to it; the others at the top.
function setError(area, error) {
  if (error) state.errors.set(area, describe(error));
  else state.errors.delete(area);
  const [mine, rest] = [[...state.errors].filter(([a]) => a === 'table'), [...state.errors].filter(([a]) => a !== 'table')];
  for (const [id, entries] of [['table-error', mine], ['error', rest]]) {
    $(id).replaceChildren(...entries.map(([, m]) => h('p', {}, m)));
    $(id).hidden = entries.length === 0;
  }
}

// --- the URL fragment holds the view -----------------------------------------------------

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  for (const name of FILTERS) state.filters[name] = p.get(name) || '';
  state.sort = p.get('sort') || '';
}

function writeHash() {
  const p = new URLSearchParams();
  for (const name of FILTERS) if (state.filters[name]) p.set(name, state.filters[name]);
  if (state.sort) p.set('sort', state.sort);
  const hash = p.toString();
  history.replaceState(null, '', hash ? `#${hash}` : `${location.pathname}${location.search}`);
}

// A date typed as 2027-01-31 means its start in UTC; relative values (30d, -7d, now) and full
// RFC 3339 times go to the API as typed, and the API says what is wrong with anything else.
function apiValue(name, value) {
  const v = value.trim();
  if ((name === 'expires_before' || name === 'exhausts_before') && /^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T00:00:00Z`;
  return v;
}

function tableParams() {
  const params = {};
  for (const name of FILTERS) if (state.filters[name]) params[name] = apiValue(name, state.filters[name]);
  params.sort = state.sort || DEFAULT_SORT;
  return params;
}

// --- filters -----------------------------------------------------------------------------

// Select options only grow: a value seen once stays choosable, even while a filter hides it.
function addOptions(select, values) {
  const have = new Set([...select.options].map((o) => o.value));
  const missing = [...values].filter((v) => v && !have.has(v));
  if (!missing.length) return;
  const sorted = [...have, ...missing].filter(Boolean).sort();
  const current = select.value;
  select.replaceChildren(h('option', { value: '' }, 'all'), ...sorted.map((v) => h('option', { value: v }, v)));
  select.value = current;
}

function showFiltersInForm() {
  const form = $('filters');
  for (const name of FILTERS) {
    const field = form.elements[name];
    if (field.tagName === 'SELECT') addOptions(field, [state.filters[name]]);
    field.value = state.filters[name];
  }
}

function applyFilters() {
  const form = $('filters');
  for (const name of FILTERS) state.filters[name] = form.elements[name].value.trim();
  writeHash();
  loadTable();
}

function bindFilters() {
  const form = $('filters');
  const later = debounce(applyFilters, 300);
  form.addEventListener('submit', (e) => { e.preventDefault(); applyFilters(); });  // Enter in a field
  form.addEventListener('change', applyFilters);
  form.elements.q.addEventListener('input', later);  // search as you type; the dates wait for change
  form.addEventListener('reset', (e) => {
    e.preventDefault();
    for (const name of FILTERS) form.elements[name].value = '';
    applyFilters();
  });
}

// --- sorting: header clicks become the server's `sort` -------------------------------------

function showSort() {
  const primary = (state.sort || DEFAULT_SORT).split(',')[0];  // the column the rows are ordered by
  const field = primary.replace(/^-/, '');
  for (const th of document.querySelectorAll('#packages th[data-sort]')) {
    if (th.dataset.sort === field) th.setAttribute('aria-sort', primary.startsWith('-') ? 'descending' : 'ascending');
    else th.removeAttribute('aria-sort');
  }
}

function bindSort() {
  for (const th of document.querySelectorAll('#packages th[data-sort]')) {
    th.querySelector('button').addEventListener('click', () => {
      const field = th.dataset.sort;
      // The column the rows are ordered by reverses; another column starts ascending.
      const primary = (state.sort || DEFAULT_SORT).split(',')[0];
      state.sort = primary === field ? `-${field}` : field;
      writeHash();
      showSort();
      loadTable();
    });
  }
}

// --- rendering -----------------------------------------------------------------------------

function statusBadge(status, native) {
  return h('span', { class: `status status-${status}`, title: native ? `provider status: ${native}` : null }, status);
}

function utilizationBar(ratio) {
  if (ratio === null || ratio === undefined) return h('span', { class: 'muted' }, '—');
  const pct = Math.max(0, Math.min(1, ratio)) * 100;
  const level = ratio >= 0.9 ? 'high' : ratio >= 0.75 ? 'mid' : 'low';
  const fill = h('span', { class: 'fill' });
  fill.style.width = `${pct.toFixed(1)}%`;  // CSSOM, not markup: no inline style needed
  return h('div', { class: `util util-${level}`, role: 'meter', 'aria-label': 'used', 'aria-valuemin': 0,
    'aria-valuemax': 100, 'aria-valuenow': Math.round(pct) },
  h('span', { class: 'bar' }, fill), h('span', { class: 'pct' }, fmt.percent(ratio)));
}

function dateCell(iso, extra) {
  if (!iso) return h('span', { class: 'muted' }, extra || '—');
  return [h('time', { datetime: iso, title: fmt.dateTime(iso) }, fmt.date(iso)),
    h('span', { class: 'sub' }, [fmt.relative(iso), extra].filter(Boolean).join(' · '))];
}

function packageRow(r) {
  return h('tr', { class: 'package', 'data-id': r.id, tabindex: 0 },
    h('td', { class: 'name' }, h('span', { class: 'pkg-name' }, r.name || r.id), h('span', { class: 'sub mono' }, r.id)),
    h('td', { class: 'nowrap' }, r.provider),
    h('td', { class: 'nowrap' }, r.account),
    h('td', { class: 'nowrap' }, r.kind),
    h('td', {}, statusBadge(r.status, r.native_status)),
    h('td', { class: 'num' }, fmt.amount(r.remaining, r.unit), h('span', { class: 'sub' }, `of ${fmt.amount(r.total, r.unit)}`)),
    h('td', {}, utilizationBar(r.utilization)),
    h('td', {}, dateCell(r.expires_at, r.auto_renew ? 'renews' : null)),
    h('td', {}, dateCell(r.projected_exhaustion_at, r.burn_rate_per_day ? fmt.rate(r.burn_rate_per_day, r.unit) : null)));
}

function remember(items) {
  for (const r of items) state.records.set(r.id, r);
}

function showTable(answer) {
  remember(answer.items);
  addOptions($('filters').elements.kind, answer.items.map((r) => r.kind));
  const rows = document.createDocumentFragment();
  for (const r of answer.items) rows.append(packageRow(r));
  $('packages').tBodies[0].replaceChildren(rows);
  const total = $('total-items');
  total.textContent = plural(answer.total_items, 'package');
  total.dataset.total = answer.total_items;
  // The set can change between pages (a refresh in between); say so rather than hide it.
  $('progress').textContent = answer.items.length === answer.total_items ? ''
    : `(${answer.items.length} loaded: the data changed while paging; refresh to reload)`;
}

function sourceItem(s) {
  const age = s.age_seconds === null || s.age_seconds === undefined ? 'never fetched' : `fetched ${fmt.duration(s.age_seconds)} ago`;
  const e = s.error;
  return h('li', { class: `source source-${s.status}`, 'data-status': s.status },
    h('div', { class: 'source-head' }, h('span', { class: 'source-name' }, `${s.provider} / ${s.account}`), h('span', { class: `badge badge-${s.status}` }, s.status)),
    h('div', { class: 'sub' }, [s.items !== null && s.items !== undefined ? plural(s.items, 'package') : null, age].filter(Boolean).join(' · ')),
    e && h('div', { class: 'source-problem' },
      h('strong', {}, e.title || 'Error'), e.detail ? `: ${e.detail}` : '',
      h('span', { class: 'sub mono' }, [e.kind, e.status && `HTTP ${e.status}`, e.retryable ? 'retryable' : null,
        e.provider_code, e.provider_request_id && `request ${e.provider_request_id}`].filter(Boolean).join(' · '))));
}

function showSources(sources) {
  $('sources').replaceChildren(...(sources.length ? sources.map(sourceItem) : [h('li', { class: 'muted' }, 'No accounts configured.')]));
  const form = $('filters');
  addOptions(form.elements.provider, sources.map((s) => s.provider));
  addOptions(form.elements.account, sources.map((s) => s.account));
}

function panelItem(r, when, extra) {
  return h('li', { class: 'panel-item' },
    h('button', { type: 'button', class: 'link', 'data-id': r.id }, r.name || r.id),
    h('span', { class: 'when' }, h('time', { datetime: when, title: fmt.dateTime(when) }, fmt.relative(when))),
    h('span', { class: 'sub' }, [`${r.provider} / ${r.account}`, r.remaining === null ? `${fmt.amount(r.total, r.unit)} in total` : `${fmt.amount(r.remaining, r.unit)} left`, extra].filter(Boolean).join(' · ')));
}

function showPanel(name, items, emptyText, itemOf) {
  $(`${name}-count`).textContent = items ? `(${items.length})` : '';
  const list = $(name);
  if (!items) list.replaceChildren(h('li', { class: 'muted' }, 'Could not load (see above).'));
  else if (!items.length) list.replaceChildren(h('li', { class: 'muted' }, emptyText));
  else list.replaceChildren(...items.map(itemOf));
}

// --- loading -------------------------------------------------------------------------------

async function loadTable({ force = false } = {}) {
  const params = tableParams();
  const query = JSON.stringify(params);
  // The same view again (a field's change event on blur after its input already applied it)
  // is not reloaded; the Refresh button forces it.
  if (!force && query === state.tableQuery) return;
  state.tableQuery = query;
  state.tableLoad?.abort();  // a newer filter wins; the older answer is dropped
  const load = new AbortController();
  state.tableLoad = load;
  const table = $('packages');
  table.setAttribute('aria-busy', 'true');
  $('progress').textContent = 'loading…';
  try {
    const answer = await getAllQuotas(params, {
      signal: load.signal,
      onPage: (n, total) => { $('progress').textContent = `loading… ${n.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`; },
    });
    if (load.signal.aborted) return;
    showTable(answer);
    setError('table', null);
  } catch (e) {
    if (isAbort(e) || load.signal.aborted) return;
    setError('table', e);
    state.tableQuery = null;  // applying the same filters again retries
    table.tBodies[0].replaceChildren();
    $('total-items').textContent = 'No packages';
    $('progress').textContent = '(the query failed)';
  } finally {
    if (state.tableLoad === load) table.setAttribute('aria-busy', 'false');
  }
}

// The panels and the sources: fixed queries, independent of the table's filters (so the sources
// list every account, not only those a provider filter selects).
async function loadOverview() {
  const [expiring, exhausting] = await Promise.allSettled([
    getAllQuotas({ status: 'active', expires_before: '30d', sort: 'expires_at' }),
    getAllQuotas({ exhausts_before: '30d', sort: 'projected_exhaustion_at' }),
  ]);
  const sources = [expiring, exhausting].map((r) => (r.status === 'fulfilled' ? r.value.sources : r.reason?.problem?.sources))
    .find(Array.isArray);
  if (sources) showSources(sources);
  else $('sources').replaceChildren(h('li', { class: 'muted' }, 'Unavailable.'));

  for (const [area, result] of [['expiring', expiring], ['exhausting', exhausting]]) {
    setError(area, result.status === 'rejected' && !isAbort(result.reason) ? result.reason : null);
    if (result.status === 'fulfilled') remember(result.value.items);
  }
  // auto_renew=true packages renew themselves: not something to act on.
  showPanel('expiring', expiring.status === 'fulfilled' ? expiring.value.items.filter((r) => r.auto_renew !== true) : null,
    'Nothing expires within 30 days.', (r) => panelItem(r, r.expires_at, fmt.date(r.expires_at)));
  showPanel('exhausting', exhausting.status === 'fulfilled' ? exhausting.value.items : null,
    'Nothing is projected to run out within 30 days.',
    (r) => panelItem(r, r.projected_exhaustion_at, fmt.rate(r.burn_rate_per_day, r.unit)));
}

async function showPools() {
  try {
    await loadPools($('pools'), $('pools-count'));
    setError('pools', null);
  } catch (e) {
    if (isAbort(e)) return;
    setError('pools', e);
    $('pools').replaceChildren(h('li', { class: 'muted' }, 'Could not load (see above).'));
  }
}

async function refreshAll() {
  const button = $('refresh');
  button.disabled = true;
  try {
    await Promise.all([loadTable({ force: true }), loadOverview(), showPools()]);
    const now = new Date().toISOString();
    $('updated').textContent = `updated ${now.slice(11, 19)} UTC`;
  } finally {
    button.disabled = false;
    $('forget-key').hidden = !storedKey();
  }
}

// --- the detail view -----------------------------------------------------------------------

function facts(pairs) {
  return pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => h('div', { class: 'fact' }, h('dt', {}, k), h('dd', {}, v)));
}

function showDetailFacts(r, history) {
  const burn = history?.burn_rate_per_day ?? r.burn_rate_per_day;
  const projected = history?.projected_exhaustion_at ?? r.projected_exhaustion_at;
  $('detail-title').textContent = r.name || r.id;
  $('detail-id').textContent = r.id;
  $('detail-facts').replaceChildren(...facts([
    ['Provider / account', `${r.provider} / ${r.account}`],
    ['Kind', r.kind],
    ['Status', statusBadge(r.status, r.native_status)],
    ['Remaining', `${fmt.amount(r.remaining, r.unit)} of ${fmt.amount(r.total, r.unit)}`],
    ['Used', r.used === null ? '—' : `${fmt.amount(r.used, r.unit)} (${fmt.percent(r.utilization)})`],
    ['Starts', fmt.dateTime(r.starts_at)],
    ['Expires', r.expires_at ? `${fmt.dateTime(r.expires_at)} (${fmt.relative(r.expires_at)})` : 'never'],
    ['Renews automatically', r.auto_renew === null || r.auto_renew === undefined ? 'not reported' : r.auto_renew ? 'yes' : 'no'],
    ['Burn rate', burn === null || burn === undefined ? 'no forecast' : fmt.rate(burn, r.unit)],
    ['Runs out', projected ? `${fmt.dateTime(projected)} (${fmt.relative(projected)})` : 'no forecast'],
  ]));
  const details = Object.entries(r.details || {}).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  $('detail-details').replaceChildren(...facts(details));
  $('detail-extra').hidden = details.length === 0;
}

function drawChart() {
  const { record, history, loaded, failed } = state.detail;
  const box = $('chart-box');
  if (!loaded) return;  // a resize while the history is on its way: "Loading history…" stays
  if (failed) {
    box.replaceChildren();
    $('chart-note').replaceChildren(h('li', { class: 'error-text' }, `The history could not be loaded: ${failed}`));
    return;
  }
  const { element, notes } = buildChart(history, record, box.clientWidth || 600);
  box.replaceChildren(...(element ? [element] : []));
  $('chart-note').replaceChildren(...notes.map((n) => h('li', {}, n)));
}

async function openDetail(id) {
  const record = state.records.get(id);
  if (!record) return;
  state.detail?.abort.abort();
  const abort = new AbortController();
  state.detail = { record, history: null, loaded: false, failed: null, abort };
  showDetailFacts(record, null);
  $('chart-box').replaceChildren(h('p', { class: 'muted' }, 'Loading history…'));
  $('chart-note').replaceChildren();
  const dialog = $('detail');
  if (!dialog.open) dialog.showModal();
  try {
    // No usage reported (remaining null): there is no history to ask for.
    if (record.remaining !== null) state.detail.history = await getHistory(id, { signal: abort.signal });
  } catch (e) {
    if (isAbort(e) || abort.signal.aborted) return;
    if (e.status !== 404) state.detail.failed = describe(e);  // 404: no history for this id
  }
  if (abort.signal.aborted) return;
  state.detail.loaded = true;
  showDetailFacts(record, state.detail.history);
  drawChart();
}

function bindDetail() {
  const dialog = $('detail');
  // Rows, their keyboard focus, and the panels' buttons all open the same view.
  const openFrom = (event) => {
    const target = event.target.closest('[data-id]');
    if (target) openDetail(target.dataset.id);
  };
  $('packages').tBodies[0].addEventListener('click', openFrom);
  $('packages').tBodies[0].addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target.matches('tr.package')) { e.preventDefault(); openFrom(e); }
  });
  $('expiring').addEventListener('click', openFrom);
  $('exhausting').addEventListener('click', openFrom);
  $('detail-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); });  // the backdrop
  dialog.addEventListener('close', () => { state.detail?.abort.abort(); state.detail = null; });
  // The chart is drawn at its container's pixel width: redraw when that changes.
  window.addEventListener('resize', debounce(() => { if (state.detail && dialog.open) drawChart(); }, 150));
}

// --- start -----------------------------------------------------------------------------------

function start() {
  readHash();
  showFiltersInForm();
  showSort();
  bindFilters();
  bindSort();
  bindDetail();
  $('refresh').addEventListener('click', refreshAll);
  $('forget-key').addEventListener('click', () => { forgetKey(); location.reload(); });
  refreshAll();
}

start();
