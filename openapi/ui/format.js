// Formatting and DOM helpers shared by the dashboard modules. Pure functions, no state.
//
// Amounts are shown in the unit the API reports, made readable: bytes in decimal multiples
// (traffic packages are sold in GB/TB of 10^9/10^12 bytes), minutes and hours as "min" and "h",
// licenses and counts as grouped integers. null means "the provider does not say" and is shown
// as a dash, never as 0. Dates are UTC, like the API, so what the page shows matches a curl.

const LOCALE = 'en-US';
const grouped = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const compactNumber = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumSignificantDigits: 3 });
const BYTE_PREFIXES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
const DASH = '—';

// A number with at most 3 significant digits but never in exponent form: 0.35, 4.2, 17.5, 169, 4161.
function short(value) {
  const abs = Math.abs(value);
  if (abs >= 100) return grouped.format(value);
  const digits = abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits }).format(value);
}

function bytes(value) {
  let scaled = value;
  let i = 0;
  while (Math.abs(scaled) >= 1000 && i < BYTE_PREFIXES.length - 1) {
    scaled /= 1000;
    i += 1;
  }
  return `${short(scaled)} ${BYTE_PREFIXES[i]}`;
}

// `compact` is for chart axes, where "1.2M min" reads better than "1,234,567 min".
export function amount(value, unit, { compact = false } = {}) {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  const number = compact ? compactNumber.format(value) : Number.isInteger(value) ? grouped.format(value) : short(value);
  switch (unit) {
    case 'bytes': return bytes(value);
    case 'minutes': return `${number} min`;
    case 'hours': return `${number} h`;
    case 'seconds': return `${number} s`;
    case 'licenses': return `${number} ${value === 1 ? 'license' : 'licenses'}`;
    default: return number;  // "count" and anything new: the bare number
  }
}

// A burn rate (unit per day) as "2.4 GB/day"; fractional rates keep their digits.
export function rate(perDay, unit) {
  if (perDay === null || perDay === undefined) return DASH;
  return `${amount(perDay, unit)}/day`;
}

export function percent(ratio) {
  if (ratio === null || ratio === undefined) return DASH;
  return `${short(ratio * 100)} %`;
}

const pad = (n) => String(n).padStart(2, '0');

export function date(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function dateTime(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  return `${date(iso)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

// A duration in seconds as the two largest units that matter: "45 s", "3 min", "5 h 12 min", "12 d".
export function duration(seconds) {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) {
    const m = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
  }
  return `${grouped.format(Math.floor(s / 86400))} d`;
}

// "in 12 d" / "3 h ago", relative to `now` (ms since the epoch).
export function relative(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = (Date.parse(iso) - now) / 1000;
  return seconds >= 0 ? `in ${duration(seconds)}` : `${duration(seconds)} ago`;
}

// Builds an element: h('td', { class: 'num', title: 'x' }, 'text', child). Text always goes in as
// text nodes, so names from the providers can never become markup.
export function h(tag, attrs = {}, ...children) {
  const ns = attrs.xmlns;
  const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'xmlns' || value === null || value === undefined || value === false) continue;
    if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}
